'use strict'

// Checks of the TypeScript declarations in index.d.ts: that they are what `npm run build`
// generates, that the hand-written report interfaces have the keys of the JSON schemas, and
// that they compile under `tsc --strict`.

const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { describe, test } = require('node:test')

const { packageDir, repositoryDir } = require('./helpers')

const binDir = path.join(packageDir, 'node_modules', '.bin')
const declarations = fs.readFileSync(path.join(packageDir, 'index.d.ts'), 'utf8')

// Returns the keys of `export interface <name> { ... }` in `declarations`, each with whether
// it is optional.
function interfaceKeys(name) {
  const match = new RegExp(`^export interface ${name} (?:extends [\\w, ]+ )?\\{\\n([\\s\\S]*?)^\\}`, 'm').exec(
    declarations,
  )
  assert.ok(match, `index.d.ts declares no interface ${name}`)
  return Object.fromEntries(
    [...match[1].matchAll(/^ {2}(\w+)(\??):/gm)].map(([, key, optional]) => [key, optional === '?']),
  )
}

// Returns the keys of an object schema, each with whether it is optional. The core writes
// every key of a report, with `null` for an absent value, except keys that the schema neither
// requires nor allows to be `null` (the report's `images`), which it leaves out when empty.
function schemaKeys(schema) {
  const required = new Set(schema.required ?? [])
  return Object.fromEntries(
    Object.entries(schema.properties).map(([key, property]) => [key, !required.has(key) && !isNullable(property)]),
  )
}

function isNullable(property) {
  const types = [].concat(property.type ?? [])
  const alternatives = property.anyOf ?? property.oneOf ?? []
  return types.includes('null') || alternatives.some((alternative) => alternative.type === 'null')
}

function readSchema(name) {
  return JSON.parse(fs.readFileSync(path.join(repositoryDir, 'schema', name), 'utf8'))
}

describe('index.d.ts', () => {
  // The napi CLI writes the declarations from the Rust sources and src/header.d.ts. The build
  // goes to a temporary directory, so the committed files are compared, not overwritten.
  test('is fresh', { timeout: 15 * 60 * 1000 }, () => {
    const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plimsoll-node-build-'))
    try {
      const build = spawnSync(
        path.join(binDir, 'napi'),
        ['build', '--platform', '--release', '--output-dir', outputDir],
        { cwd: packageDir, encoding: 'utf8' },
      )
      assert.equal(build.status, 0, `napi build failed:\n${build.stderr}`)

      for (const file of ['index.d.ts', 'index.js']) {
        const generated = fs.readFileSync(path.join(outputDir, file), 'utf8')
        const committed = fs.readFileSync(path.join(packageDir, file), 'utf8')
        assert.ok(
          generated === committed,
          `${file} is stale: run \`npm run build\` in bindings-node and commit ${file}`,
        )
      }
    } finally {
      fs.rmSync(outputDir, { recursive: true, force: true })
    }
  })

  test('report interfaces match the report schema', () => {
    const schema = readSchema('report.schema.json')
    assert.deepEqual(interfaceKeys('Report'), schemaKeys(schema))
    for (const [name, definition] of Object.entries(schema.$defs)) {
      if (definition.type === 'object') {
        assert.deepEqual(interfaceKeys(name), schemaKeys(definition), `interface ${name}`)
      }
    }
  })

  test('LintOptions matches the options schema', () => {
    const schema = readSchema('options.schema.json')
    const camelCase = (key) => key.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase())
    const expected = Object.fromEntries(Object.keys(schema.properties).map((key) => [camelCase(key), true]))
    assert.deepEqual(interfaceKeys('LintOptions'), expected)
  })

  test('compiles under tsc --strict', () => {
    const result = spawnSync(
      path.join(binDir, 'tsc'),
      ['--noEmit', '--strict', '--target', 'es2022', '--module', 'commonjs', path.join(__dirname, 'typecheck.ts')],
      { cwd: packageDir, encoding: 'utf8' },
    )
    assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`)
  })
})
