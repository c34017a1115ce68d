'use strict'

// Unit tests of the image exports: lintImage and lintImageConfig, their async and JSON forms,
// their options and their errors.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { after, describe, test } = require('node:test')

const plimsoll = require('..')

const ROOT_CONFIG = '{"config": {"User": "root", "Env": ["API_TOKEN=abc"]}}'

function imageCodes(report) {
  assert.deepEqual(report.files, [])
  assert.equal(report.images.length, 1)
  return report.images[0].findings.map((finding) => finding.code)
}

const temporaryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plimsoll-node-image-'))
after(() => fs.rmSync(temporaryDir, { recursive: true, force: true }))

describe('lintImageConfig', () => {
  test('returns the report of the config', () => {
    const report = plimsoll.lintImageConfig(ROOT_CONFIG, { failureThreshold: 'warning' })

    const image = report.images[0]
    assert.equal(image.path, 'image.json')
    assert.equal(image.failed, true)
    assert.equal(image.metadata.config_only, true)
    assert.equal(image.metadata.dive, null)
    assert.ok(imageCodes(report).includes('PL3001'))
    assert.ok(imageCodes(report).includes('PL3003'))
  })

  test('gives the location of a config key', () => {
    const report = plimsoll.lintImageConfig(Buffer.from(ROOT_CONFIG), { name: 'app.json' })

    const root = report.images[0].findings.find((finding) => finding.code === 'PL3001')
    assert.deepEqual(root.location, { kind: 'config', key: 'User', entry: null })
    assert.equal(report.images[0].path, 'app.json')
  })

  test('applies ignore and severity', () => {
    const report = plimsoll.lintImageConfig(ROOT_CONFIG, {
      ignore: ['CIS-DI-0010'],
      severity: { PL3001: 'style' },
    })

    assert.ok(!imageCodes(report).includes('PL3003'))
    const root = report.images[0].findings.find((finding) => finding.code === 'PL3001')
    assert.equal(root.severity, 'style')
  })

  test('equals the parsed JSON form', () => {
    const json = plimsoll.lintImageConfigJson(ROOT_CONFIG, '{"failure_threshold": "none"}', 'x.json')

    assert.deepEqual(plimsoll.lintImageConfig(ROOT_CONFIG, { failureThreshold: 'none', name: 'x.json' }), JSON.parse(json))
  })

  test('async resolves to the same report', async () => {
    assert.deepEqual(await plimsoll.lintImageConfigAsync(ROOT_CONFIG), plimsoll.lintImageConfig(ROOT_CONFIG))
  })

  test('rejects a config that is not JSON', async () => {
    assert.throws(() => plimsoll.lintImageConfig('{"config": '), { code: 'PLIMSOLL_INVALID_INPUT' })
    await assert.rejects(plimsoll.lintImageConfigAsync('[1, 2]'), { code: 'PLIMSOLL_INVALID_INPUT' })
  })

  test('rejects a config of another type', () => {
    assert.throws(() => plimsoll.lintImageConfig(42), {
      code: 'PLIMSOLL_INVALID_INPUT',
      message: 'config must be a string or a Uint8Array, not a number',
    })
  })

  test('rejects invalid and unknown options', async () => {
    assert.throws(() => plimsoll.lintImageConfig('{}', { maxSize: 'lots' }), {
      code: 'PLIMSOLL_INVALID_OPTION',
      message: /max_size/,
    })
    assert.throws(() => plimsoll.lintImageConfig('{}', { max_size: 1 }), {
      code: 'PLIMSOLL_INVALID_OPTION',
      message: /unknown option `max_size`/,
    })
    assert.throws(() => plimsoll.lintImageConfig('{}', { image: 'app:1' }), { code: 'PLIMSOLL_INVALID_OPTION' })
    await assert.rejects(plimsoll.lintImageConfigAsync('{}', { ignore: 'PL3001' }), { code: 'PLIMSOLL_INVALID_OPTION' })
    assert.throws(() => plimsoll.lintImageConfigJson('{}', '{"maxSize": 1}'), { code: 'PLIMSOLL_INVALID_OPTION' })
  })

  // NaN, from Number('100 MB') for example, must not turn into "no limit".
  test('rejects number options that are not finite', async () => {
    for (const value of [NaN, Infinity, -Infinity]) {
      for (const key of ['maxSize', 'lowestEfficiency', 'highestWastedBytes', 'highestUserWastedPercent']) {
        assert.throws(() => plimsoll.lintImageConfig('{}', { [key]: value }), {
          code: 'PLIMSOLL_INVALID_OPTION',
          message: new RegExp(`\`${key}\`: ${value} is not a finite number`),
        })
      }
      await assert.rejects(plimsoll.lintImageConfigAsync('{}', { maxSize: value }), { code: 'PLIMSOLL_INVALID_OPTION' })
    }
  })
})

describe('lintImage', () => {
  const configPath = path.join(temporaryDir, 'config.json')
  fs.writeFileSync(configPath, ROOT_CONFIG)

  test('reads a config file', () => {
    const report = plimsoll.lintImage(configPath, { failureThreshold: 'none' })

    assert.equal(report.images[0].path, configPath)
    assert.equal(report.images[0].failed, false)
    assert.deepEqual(report, plimsoll.lintImageConfig(ROOT_CONFIG, { name: configPath, failureThreshold: 'none' }))
  })

  test('JSON and async forms agree', async () => {
    const json = plimsoll.lintImageJson(configPath)

    assert.deepEqual(JSON.parse(json), plimsoll.lintImage(configPath))
    assert.deepEqual(await plimsoll.lintImageAsync(configPath), plimsoll.lintImage(configPath))
  })

  test('missing file is an io error', async () => {
    const missing = path.join(temporaryDir, 'missing.tar')

    assert.throws(() => plimsoll.lintImage(missing), { code: 'PLIMSOLL_IO', message: /^failed to read `/ })
    await assert.rejects(plimsoll.lintImageAsync(missing), { code: 'PLIMSOLL_IO' })
    assert.throws(() => plimsoll.lintImageJson(missing), { code: 'PLIMSOLL_IO' })
  })

  test('rejects a path that is not a string', async () => {
    assert.throws(() => plimsoll.lintImage(42), { code: 'PLIMSOLL_INVALID_INPUT' })
    await assert.rejects(plimsoll.lintImageAsync(undefined), { code: 'PLIMSOLL_INVALID_INPUT' })
  })

  test('rejects the name option', () => {
    assert.throws(() => plimsoll.lintImage(configPath, { name: 'x' }), { code: 'PLIMSOLL_INVALID_OPTION' })
  })
})
