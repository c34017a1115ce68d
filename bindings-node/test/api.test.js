'use strict'

// Unit tests of each export: arguments, options, results and the async variants.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { after, describe, test } = require('node:test')

const plimsoll = require('..')
const { packageDir } = require('./helpers')

const DOCKERFILE = 'FROM debian:latest\nMAINTAINER me\nUSER 10001\n'

function codes(report) {
  return report.files[0].diagnostics.map((diagnostic) => diagnostic.code)
}

const temporaryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plimsoll-node-'))
after(() => fs.rmSync(temporaryDir, { recursive: true, force: true }))
let temporaryFiles = 0

function temporaryFile(contents) {
  temporaryFiles += 1
  const file = path.join(temporaryDir, `${temporaryFiles}.Dockerfile`)
  fs.writeFileSync(file, contents)
  return file
}

describe('version', () => {
  test('VERSION equals version()', () => {
    assert.equal(plimsoll.VERSION, plimsoll.version())
  })

  test('VERSION equals package.json version', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'))
    assert.equal(plimsoll.VERSION, manifest.version)
  })

  test('report names the library version', () => {
    assert.equal(plimsoll.lint('FROM a:1\n').tool.version, plimsoll.VERSION)
  })
})

describe('lint', () => {
  test('returns a plain report object', () => {
    const report = plimsoll.lint(DOCKERFILE)
    assert.equal(Object.getPrototypeOf(report), Object.prototype)
    assert.equal(report.version, 2)
    assert.equal(report.tool.name, 'plimsoll')
    assert.equal(report.files.length, 1)
    assert.deepEqual(codes(report), ['DL3007', 'DL4000'])
  })

  test('keeps the report keys', () => {
    const file = plimsoll.lint(DOCKERFILE).files[0]
    assert.deepEqual(Object.keys(file), ['path', 'failed', 'metadata', 'diagnostics'])
    assert.equal(file.metadata.target_stage, 0)
    assert.deepEqual(Object.keys(file.diagnostics[0].start), ['line', 'column', 'offset'])
  })

  test('stringifies to the lintJson bytes', () => {
    const json = plimsoll.lintJson(DOCKERFILE, '{"failure_threshold": "warning"}', 'a/Dockerfile')
    const report = plimsoll.lint(DOCKERFILE, { failureThreshold: 'warning', path: 'a/Dockerfile' })
    assert.equal(JSON.stringify(report, null, 2), json)
  })

  test('missing fix is null', () => {
    const diagnostic = plimsoll.lint('FROM debian:latest\n').files[0].diagnostics[0]
    assert.equal(diagnostic.code, 'DL3007')
    assert.equal(diagnostic.fix, null)
  })

  test('names the file Dockerfile by default', () => {
    assert.equal(plimsoll.lint(DOCKERFILE).files[0].path, 'Dockerfile')
  })

  test('names the file options.path', () => {
    assert.equal(plimsoll.lint(DOCKERFILE, { path: 'app/Dockerfile' }).files[0].path, 'app/Dockerfile')
  })

  test('accepts a Buffer', () => {
    assert.deepEqual(plimsoll.lint(Buffer.from(DOCKERFILE)), plimsoll.lint(DOCKERFILE))
  })

  test('accepts a Uint8Array view', () => {
    const bytes = new TextEncoder().encode(`xx${DOCKERFILE}`)
    assert.deepEqual(plimsoll.lint(bytes.subarray(2)), plimsoll.lint(DOCKERFILE))
  })

  test('reports bytes that are not UTF-8', () => {
    const report = plimsoll.lint(Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xff, 0x0a]))
    const names = report.files[0].diagnostics.map((diagnostic) => diagnostic.name)
    assert.ok(names.includes('invalid-encoding'), `findings: ${names.join(', ')}`)
  })

  test('counts columns in Unicode scalar values', () => {
    // Each é is one column and two bytes.
    const report = plimsoll.lint('FROM --platform=éé debian:latest\n')
    const start = report.files[0].diagnostics.find((d) => d.code === 'DL3007').start
    assert.deepEqual(start, { line: 1, column: 20, offset: 21 })
  })

  test('empty source gives a report', () => {
    const report = plimsoll.lint('')
    assert.equal(report.files[0].metadata.bytes, 0)
  })
})

describe('lint options', () => {
  test('ignore turns rules off', () => {
    assert.deepEqual(codes(plimsoll.lint(DOCKERFILE, { ignore: ['DL3007'] })), ['DL4000'])
  })

  test('ignore accepts rule names', () => {
    assert.deepEqual(codes(plimsoll.lint(DOCKERFILE, { ignore: ['latest-base-image'] })), ['DL4000'])
  })

  test('select runs only the given rules', () => {
    assert.deepEqual(codes(plimsoll.lint(DOCKERFILE, { select: ['DL4000'] })), ['DL4000'])
  })

  test('severity overrides the default', () => {
    const report = plimsoll.lint(DOCKERFILE, { severity: { DL3007: 'style' } })
    const diagnostic = report.files[0].diagnostics.find((d) => d.code === 'DL3007')
    assert.equal(diagnostic.severity, 'style')
  })

  test('failureThreshold sets failed', () => {
    const source = 'FROM debian:latest\n'
    assert.equal(plimsoll.lint(source, { failureThreshold: 'warning' }).files[0].failed, true)
    assert.equal(plimsoll.lint(source, { failureThreshold: 'error' }).files[0].failed, false)
    assert.equal(plimsoll.lint(source, { failureThreshold: 'none' }).files[0].failed, false)
  })

  test('hadolintConfig and plimsollConfig apply below the options', () => {
    const source = 'FROM debian:latest\n'
    const codes = (report) => report.files[0].diagnostics.map((d) => d.code)
    assert.ok(!codes(plimsoll.lint(source, { hadolintConfig: 'ignored: [DL3007]\n' })).includes('DL3007'))
    const plimsollConfig = '[[overrides]]\nfiles = ["ci/*"]\nignore = ["DL3007"]\n'
    assert.ok(!codes(plimsoll.lint(source, { plimsollConfig, path: 'ci/Dockerfile' })).includes('DL3007'))
    assert.ok(codes(plimsoll.lint(source, { plimsollConfig })).includes('DL3007'))
  })

  test('settings options are accepted', () => {
    const report = plimsoll.lint('FROM debian:latest\n', {
      trustedRegistries: ['docker.io'],
      labelSchema: { maintainer: 'email' },
      strictLabels: true,
      disableIgnorePragma: true,
      dockerignore: '*.log\n',
      baseConfig: { config: { Env: ['PATH=/bin'] } },
    })
    assert.equal(report.files[0].path, 'Dockerfile')
  })

  test('an invalid hadolintConfig names file and line', () => {
    assert.throws(
      () => plimsoll.lint('FROM a:1\n', { hadolintConfig: 'ignore: []\n' }),
      (error) => error.code === 'PLIMSOLL_INVALID_OPTION' && error.message.includes('.hadolint.yaml:1'),
    )
  })

  test('buildArgs and target select the stage', () => {
    const source = 'ARG BASE=debian:12\nFROM ${BASE} AS build\nFROM alpine:3.20 AS app\n'
    const report = plimsoll.lint(source, { buildArgs: { BASE: 'ubuntu:24.04' }, target: 'build' })
    const metadata = report.files[0].metadata
    assert.equal(metadata.target_stage, 0)
    assert.equal(metadata.stages[0].base, 'ubuntu:24.04')
    assert.equal(metadata.stages[1].reachable, false)
  })

  test('undefined and null keep defaults', () => {
    const expected = plimsoll.lint(DOCKERFILE)
    assert.deepEqual(plimsoll.lint(DOCKERFILE, undefined), expected)
    assert.deepEqual(plimsoll.lint(DOCKERFILE, null), expected)
    assert.deepEqual(plimsoll.lint(DOCKERFILE, { target: undefined, ignore: null }), expected)
  })
})

describe('lintJson', () => {
  test('returns the core report JSON', () => {
    const json = plimsoll.lintJson(DOCKERFILE)
    assert.equal(typeof json, 'string')
    assert.ok(json.startsWith('{\n  "version": 2,'))
    assert.ok(!json.endsWith('\n'))
    assert.deepEqual(JSON.parse(json), plimsoll.lint(DOCKERFILE))
  })

  test('takes core options JSON', () => {
    const report = JSON.parse(plimsoll.lintJson(DOCKERFILE, '{"ignore": ["DL3007"]}'))
    assert.deepEqual(codes(report), ['DL4000'])
  })

  test('empty options JSON means defaults', () => {
    assert.equal(plimsoll.lintJson(DOCKERFILE, ''), plimsoll.lintJson(DOCKERFILE))
    assert.equal(plimsoll.lintJson(DOCKERFILE, '{}'), plimsoll.lintJson(DOCKERFILE))
  })

  test('names the file path', () => {
    const report = JSON.parse(plimsoll.lintJson(DOCKERFILE, undefined, 'x/Dockerfile'))
    assert.equal(report.files[0].path, 'x/Dockerfile')
  })
})

describe('lintFile', () => {
  test('reads the file and names it by path', () => {
    const file = temporaryFile(DOCKERFILE)
    const report = plimsoll.lintFile(file)
    assert.equal(report.files[0].path, file)
    assert.deepEqual(codes(report), ['DL3007', 'DL4000'])
  })

  test('applies options', () => {
    const file = temporaryFile(DOCKERFILE)
    assert.deepEqual(codes(plimsoll.lintFile(file, { ignore: ['DL4000'] })), ['DL3007'])
  })
})

describe('async variants', () => {
  test('lintAsync resolves to the lint report', async () => {
    const promise = plimsoll.lintAsync(DOCKERFILE, { ignore: ['DL4000'], path: 'p' })
    assert.ok(promise instanceof Promise)
    assert.deepEqual(await promise, plimsoll.lint(DOCKERFILE, { ignore: ['DL4000'], path: 'p' }))
  })

  test('lintAsync copies a Buffer', async () => {
    const buffer = Buffer.from(DOCKERFILE)
    const promise = plimsoll.lintAsync(buffer)
    buffer.fill(0x20)
    assert.deepEqual(await promise, plimsoll.lint(DOCKERFILE))
  })

  test('lintFileAsync resolves to the lintFile report', async () => {
    const file = temporaryFile(DOCKERFILE)
    assert.deepEqual(await plimsoll.lintFileAsync(file), plimsoll.lintFile(file))
  })

  test('lintAsync lets the event loop run', async () => {
    // About 5,000 instructions, which take tens of milliseconds to lint.
    const source = 'FROM debian:12\n' + 'RUN apt-get update && apt-get install -y curl\n'.repeat(5000)
    let turns = 0
    let running = true
    const count = () => {
      if (running) {
        turns += 1
        setImmediate(count)
      }
    }
    const promise = plimsoll.lintAsync(source)
    setImmediate(count)
    const report = await promise
    running = false
    assert.equal(report.files[0].metadata.instructions, 5001)
    assert.ok(turns > 0, 'the event loop did not turn while lintAsync ran')
  })

  test('concurrent runs give their own reports', async () => {
    const sources = ['FROM a:latest\n', 'FROM b:1\nMAINTAINER me\n', 'FROM c:1\n']
    const reports = await Promise.all(sources.map((source) => plimsoll.lintAsync(source)))
    assert.deepEqual(reports, sources.map((source) => plimsoll.lint(source)))
  })
})

describe('parse', () => {
  test('lists instructions in BuildKit form', () => {
    const result = plimsoll.parse('FROM alpine:3.20 AS base\nRUN echo hi\n')
    assert.equal(result.version, 2)
    assert.deepEqual(result.instructions.map((instruction) => instruction.cmd), ['FROM', 'RUN'])
    assert.deepEqual(result.instructions[0].value, ['alpine:3.20', 'AS', 'base'])
    assert.deepEqual(result.diagnostics, [])
  })

  test('lists heredocs', () => {
    const result = plimsoll.parse('FROM a:1\nRUN <<EOF\necho hi\nEOF\n')
    assert.deepEqual(result.instructions[1].heredocs, [
      { content: 'echo hi\n', file_descriptor: 0, name: 'EOF' },
    ])
  })

  test('reports parse errors as diagnostics', () => {
    const result = plimsoll.parse(Buffer.from('FROM a:1\nFOO bar\n'))
    assert.equal(result.instructions.length, 2)
    assert.equal(result.diagnostics[0].code, 'PL0002')
  })
})

describe('rules', () => {
  test('lists every rule with documentation', () => {
    const rules = plimsoll.rules()
    assert.ok(rules.length > 0)
    const rule = rules.find((candidate) => candidate.code === 'DL3007')
    assert.equal(rule.name, 'latest-base-image')
    assert.equal(typeof rule.fixable, 'boolean')
    assert.ok(Array.isArray(rule.aliases))
    assert.ok(rule.documentation.length > 0)
  })

  test('codes are unique', () => {
    const rules = plimsoll.rules()
    assert.equal(new Set(rules.map((rule) => rule.code)).size, rules.length)
  })
})
