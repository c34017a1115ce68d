'use strict'

// Compares the time per call of the Node.js binding with the Rust call it wraps, on the
// median-sized file of the Dockerfile corpus.
//
// Usage: npm run bench [-- FILE], which builds the release addon and runs this script.
//
// Without FILE, the file is the median by byte size (ties broken by name) of
// `../shared/corpus/files/*.Dockerfile` relative to the repository root. The Rust baseline is
// the example `bench_lint_json`, which calls `plimsoll::api::lint_json`. This script builds it
// in release mode before timing. Rust and Node.js rounds alternate in BATCHES batches, so that
// both see the same machine load, and the table shows the minimum and the median of the
// round means.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const plimsoll = require('..')

const ITERATIONS = 1000
const ROUNDS = 5
const BATCHES = 6
// The goal: a binding call takes at most this many times the Rust call.
const GOAL = 1.3

const repositoryDir = path.join(__dirname, '..', '..')

// Returns the median file by byte size, ties broken by name, or null if there is none.
function medianCorpusFile(dir) {
  if (!fs.existsSync(dir)) {
    return null
  }
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.Dockerfile'))
    .map((name) => ({ name, size: fs.statSync(path.join(dir, name)).size }))
    .sort((a, b) => a.size - b.size || (a.name < b.name ? -1 : 1))
  if (files.length === 0) {
    return null
  }
  return path.join(dir, files[Math.floor((files.length - 1) / 2)].name)
}

// Returns the mean nanoseconds per call of each of `ROUNDS` rounds after one warm-up round.
function timeRounds(call) {
  const means = []
  for (let round = 0; round <= ROUNDS; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < ITERATIONS; i++) {
      call()
    }
    const mean = Number(process.hrtime.bigint() - start) / ITERATIONS
    if (round > 0) {
      means.push(mean)
    }
  }
  return means
}

function rustRounds(cargoArgs, file) {
  const output = execFileSync(
    'cargo',
    [...cargoArgs, '--', file, String(ITERATIONS), String(ROUNDS)],
    { cwd: repositoryDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return JSON.parse(output)
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

function main() {
  const corpusDir = path.join(repositoryDir, '..', 'shared', 'corpus', 'files')
  const file = process.argv[2] ? path.resolve(process.argv[2]) : medianCorpusFile(corpusDir)
  if (file === null) {
    console.error(`no *.Dockerfile files in ${corpusDir}: pass the Dockerfile to time as an argument`)
    process.exit(2)
  }
  const source = fs.readFileSync(file)
  const text = source.toString('utf8')

  const cargoArgs = ['run', '--release', '--quiet', '-p', 'plimsoll-node', '--example', 'bench_lint_json']
  execFileSync('cargo', ['build', '--release', '--quiet', '-p', 'plimsoll-node', '--example', 'bench_lint_json'], {
    cwd: repositoryDir,
    stdio: 'inherit',
  })

  // The binding's result must be the core's, or the timing compares different work.
  if (plimsoll.lintJson(source) !== JSON.stringify(plimsoll.lint(text), null, 2)) {
    throw new Error('lint and lintJson disagree on the benchmark file')
  }

  const calls = {
    'Rust api::lint_json': null,
    'lintJson(string)': () => plimsoll.lintJson(text),
    'lintJson(Buffer)': () => plimsoll.lintJson(source),
    'lint(string)': () => plimsoll.lint(text),
    'lint(Buffer)': () => plimsoll.lint(source),
  }
  const rounds = Object.fromEntries(Object.keys(calls).map((name) => [name, []]))
  for (let batch = 0; batch < BATCHES; batch++) {
    rounds['Rust api::lint_json'].push(...rustRounds(cargoArgs, file))
    for (const [name, call] of Object.entries(calls)) {
      if (call) {
        rounds[name].push(...timeRounds(call))
      }
    }
  }

  const rust = rounds['Rust api::lint_json']
  const rustMin = Math.min(...rust)
  const rustMedian = median(rust)
  console.log(`file: ${path.relative(process.cwd(), file)} (${source.length} bytes)`)
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0].model}, ${os.platform()} ${os.release()}`)
  console.log(`node ${process.version}, plimsoll ${plimsoll.VERSION}`)
  console.log(`${BATCHES} batches × ${ROUNDS} rounds × ${ITERATIONS} calls per variant\n`)
  console.log('| Call | min µs/call | median µs/call | min ratio | median ratio |')
  console.log('|---|---:|---:|---:|---:|')
  for (const [name, means] of Object.entries(rounds)) {
    const min = Math.min(...means)
    const mid = median(means)
    console.log(
      `| ${name} | ${(min / 1000).toFixed(2)} | ${(mid / 1000).toFixed(2)} | ` +
        `${(min / rustMin).toFixed(2)} | ${(mid / rustMedian).toFixed(2)} |`,
    )
  }
  const worst = Math.max(
    ...['lintJson(string)', 'lint(string)'].map((name) => Math.min(...rounds[name]) / rustMin),
  )
  console.log(`\ngoal (lint and lintJson at most ${GOAL} × Rust, by minimum): ${worst <= GOAL ? 'met' : 'not met'}`)
}

main()
