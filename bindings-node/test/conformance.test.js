'use strict'

// Runs the cross-language conformance cases: linting each case's Dockerfile under the name
// `Dockerfile`, or its image config `image.json` under that name, must give exactly the bytes
// of its expected.json, without the trailing newline.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { describe, test } = require('node:test')

const plimsoll = require('..')
const { casesDir, jsOptions, errorKind } = require('./helpers')

const allCases = fs
  .readdirSync(casesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
const isImageCase = (name) => !fs.existsSync(path.join(casesDir, name, 'Dockerfile'))
const cases = allCases.filter((name) => !isImageCase(name))
const imageCases = allCases.filter(isImageCase)

function readCase(name) {
  const dir = path.join(casesDir, name)
  const optionsPath = path.join(dir, 'options.json')
  return {
    source: fs.readFileSync(path.join(dir, isImageCase(name) ? 'image.json' : 'Dockerfile')),
    optionsJson: fs.existsSync(optionsPath) ? fs.readFileSync(optionsPath, 'utf8') : '',
    expected: fs.readFileSync(path.join(dir, 'expected.json'), 'utf8').replace(/\n+$/, ''),
  }
}

// Returns what every runner must print for a case: the report, or the error JSON of the
// core's `error_json`.
function runCase({ source, optionsJson }, lintJson = plimsoll.lintJson) {
  try {
    return lintJson(source, optionsJson)
  } catch (error) {
    return JSON.stringify({ error: { kind: errorKind(error), message: error.message } })
  }
}

test('conformance cases exist', () => {
  assert.ok(cases.length > 0, `no conformance cases in ${casesDir}`)
  assert.ok(imageCases.length > 0, `no image conformance cases in ${casesDir}`)
})

describe('lintJson matches expected.json', () => {
  for (const name of cases) {
    test(name, () => {
      const testCase = readCase(name)
      assert.equal(runCase(testCase), testCase.expected)
    })
  }
})

// The object API gives the same report as plain objects. Error messages of invalid option
// values name the camelCase key, so for error cases only the kind is compared.
describe('lint gives the expected report as objects', () => {
  for (const name of cases) {
    test(name, () => {
      const { source, optionsJson, expected } = readCase(name)
      const options = jsOptions(optionsJson.trim() === '' ? {} : JSON.parse(optionsJson))
      const expectedValue = JSON.parse(expected)

      if (expectedValue.error) {
        assert.throws(() => plimsoll.lint(source, options), (error) => {
          assert.equal(errorKind(error), expectedValue.error.kind)
          return true
        })
        return
      }
      assert.equal(JSON.stringify(plimsoll.lint(source, options), null, 2), expected)
    })
  }
})

describe('lintImageConfigJson matches expected.json', () => {
  for (const name of imageCases) {
    test(name, () => {
      const testCase = readCase(name)
      assert.equal(runCase(testCase, plimsoll.lintImageConfigJson), testCase.expected)
    })
  }
})

// As for Dockerfiles, the object API of images gives the same report, and error cases are
// compared by kind.
describe('lintImageConfig gives the expected report as objects', () => {
  for (const name of imageCases) {
    test(name, async () => {
      const { source, optionsJson, expected } = readCase(name)
      const options = jsOptions(optionsJson.trim() === '' ? {} : JSON.parse(optionsJson))
      const expectedValue = JSON.parse(expected)

      if (expectedValue.error) {
        assert.throws(() => plimsoll.lintImageConfig(source, options), (error) => {
          assert.equal(errorKind(error), expectedValue.error.kind)
          return true
        })
        await assert.rejects(plimsoll.lintImageConfigAsync(source, options), (error) => {
          assert.equal(errorKind(error), expectedValue.error.kind)
          return true
        })
        return
      }
      assert.equal(JSON.stringify(plimsoll.lintImageConfig(source, options), null, 2), expected)
      assert.equal(JSON.stringify(await plimsoll.lintImageConfigAsync(source, options), null, 2), expected)
    })
  }
})
