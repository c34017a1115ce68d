'use strict'

// Errors: each is a plain `Error` with a stable `code`, thrown by the synchronous functions
// and used as the rejection of the asynchronous ones.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { describe, test } = require('node:test')

const plimsoll = require('..')

// Returns a validation function for `assert.throws` and `assert.rejects`.
function plimsollError(code, messagePattern) {
  return (error) => {
    assert.ok(error instanceof Error, 'not an Error')
    assert.equal(error.code, code)
    assert.match(error.message, messagePattern)
    return true
  }
}

describe('invalid options', () => {
  const cases = [
    ['unknown key', { ignroe: ['DL3007'] }, /unknown option `ignroe`/],
    ['snake_case key', { failure_threshold: 'error' }, /unknown option `failure_threshold`/],
    ['ignore not an array', { ignore: 'DL3007' }, /invalid option `ignore`: invalid type: string "DL3007", expected a sequence/],
    ['unknown rule', { ignore: ['XX9999'] }, /unknown rule `XX9999`/],
    ['unknown select rule', { select: ['nope'] }, /unknown rule `nope`/],
    ['unknown severity', { severity: { DL3007: 'fatal' } }, /invalid option `severity`: unknown variant `fatal`/],
    ['severity of unknown rule', { severity: { XX1: 'error' } }, /unknown rule `XX1`/],
    ['unknown threshold', { failureThreshold: 'high' }, /invalid option `failureThreshold`: unknown variant `high`/],
    ['build argument not a string', { buildArgs: { A: 1 } }, /invalid option `buildArgs`: invalid type: integer `1`, expected a string/],
    ['target not a string', { target: 3 }, /invalid option `target`/],
    ['unknown target', { target: 'app' }, /target stage `app` not found/],
    ['options a number', 5, /options must be an object, not a number/],
    ['options an array', ['DL3007'], /options must be an object, not an array/],
    ['options a string', '{}', /options must be an object, not a string/],
  ]
  for (const [name, options, message] of cases) {
    test(name, () => {
      assert.throws(() => plimsoll.lint('FROM a:1\n', options), plimsollError('PLIMSOLL_INVALID_OPTION', message))
    })
  }

  test('path rejected by lintFile', () => {
    assert.throws(
      () => plimsoll.lintFile('Dockerfile', { path: 'x' }),
      plimsollError('PLIMSOLL_INVALID_OPTION', /unknown option `path`/),
    )
  })

  test('invalid options JSON', () => {
    assert.throws(
      () => plimsoll.lintJson('FROM a:1\n', '{"ignore": "DL3007"}'),
      plimsollError('PLIMSOLL_INVALID_OPTION', /^invalid options JSON: invalid type: string "DL3007"/),
    )
  })

  test('options JSON not a string', () => {
    assert.throws(
      () => plimsoll.lintJson('FROM a:1\n', { ignore: [] }),
      plimsollError('PLIMSOLL_INVALID_OPTION', /optionsJson must be a string, not an object/),
    )
  })
})

describe('invalid input', () => {
  const sources = [
    ['number', 42, /not a number/],
    ['missing', undefined, /not undefined/],
    ['null', null, /not null/],
    ['plain object', { source: 'FROM a' }, /not an object/],
    ['typed array of other type', new Uint16Array(4), /not another typed array/],
  ]
  for (const [name, source, message] of sources) {
    test(`lint source ${name}`, () => {
      assert.throws(() => plimsoll.lint(source), plimsollError('PLIMSOLL_INVALID_INPUT', message))
    })
  }

  test('lintJson source number', () => {
    assert.throws(() => plimsoll.lintJson(1), plimsollError('PLIMSOLL_INVALID_INPUT', /source must be/))
  })

  test('parse source number', () => {
    assert.throws(() => plimsoll.parse(1), plimsollError('PLIMSOLL_INVALID_INPUT', /source must be/))
  })

  test('lintFile path not a string', () => {
    assert.throws(() => plimsoll.lintFile(7), plimsollError('PLIMSOLL_INVALID_INPUT', /path must be a string, not a number/))
  })

  test('lintFile path missing', () => {
    assert.throws(() => plimsoll.lintFile(), plimsollError('PLIMSOLL_INVALID_INPUT', /path must be a string, not undefined/))
  })
})

describe('io', () => {
  const missing = path.join(os.tmpdir(), 'plimsoll-node-missing', 'Dockerfile')

  test('lintFile missing file', () => {
    assert.throws(
      () => plimsoll.lintFile(missing),
      plimsollError('PLIMSOLL_IO', /^failed to read `.*Dockerfile`: No such file or directory/),
    )
  })

  test('lintFile directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plimsoll-node-'))
    try {
      assert.throws(() => plimsoll.lintFile(dir), plimsollError('PLIMSOLL_IO', /^failed to read/))
    } finally {
      fs.rmdirSync(dir)
    }
  })

  test('lintFileAsync missing file rejects', async () => {
    await assert.rejects(plimsoll.lintFileAsync(missing), plimsollError('PLIMSOLL_IO', /No such file or directory/))
  })
})

describe('async rejections', () => {
  test('lintAsync unknown rule rejects', async () => {
    await assert.rejects(
      plimsoll.lintAsync('FROM a:1\n', { ignore: ['XX9999'] }),
      plimsollError('PLIMSOLL_INVALID_OPTION', /unknown rule `XX9999`/),
    )
  })

  test('lintAsync unknown target rejects', async () => {
    await assert.rejects(
      plimsoll.lintAsync('FROM a:1\n', { target: 'app' }),
      plimsollError('PLIMSOLL_INVALID_OPTION', /target stage `app` not found/),
    )
  })

  test('lintAsync invalid source rejects', async () => {
    await assert.rejects(plimsoll.lintAsync(1), plimsollError('PLIMSOLL_INVALID_INPUT', /source must be/))
  })

  test('lintFileAsync unknown option rejects', async () => {
    await assert.rejects(
      plimsoll.lintFileAsync('Dockerfile', { ignroe: [] }),
      plimsollError('PLIMSOLL_INVALID_OPTION', /unknown option `ignroe`/),
    )
  })

  test('lintFileAsync path not a string rejects', async () => {
    await assert.rejects(plimsoll.lintFileAsync(null), plimsollError('PLIMSOLL_INVALID_INPUT', /path must be a string, not null/))
  })
})

describe('error objects', () => {
  test('stack names the caller', () => {
    try {
      plimsoll.lint('FROM a:1\n', { ignore: ['XX9999'] })
      assert.fail('lint did not throw')
    } catch (error) {
      assert.match(error.stack, /errors\.test\.js/)
    }
  })

  test('code matches the raw error kind', () => {
    let thrown
    try {
      plimsoll.lintJson('FROM a:1\n', '{"target": "x"}')
    } catch (error) {
      thrown = error
    }
    assert.equal(thrown.code, 'PLIMSOLL_INVALID_OPTION')
    assert.equal(thrown.message, 'target stage `x` not found (the Dockerfile has no named stages)')
  })
})
