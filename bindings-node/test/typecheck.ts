// Type-checked by types.test.js with `tsc --noEmit --strict`: each line must compile, and each
// line after `@ts-expect-error` must fail to, so the declarations in index.d.ts are neither too
// loose nor too strict for real use.

import {
  lint,
  lintAsync,
  lintFile,
  lintFileAsync,
  lintJson,
  parse,
  rules,
  version,
  VERSION,
  type DiagnosticReport,
  type LintOptions,
  type LintSourceOptions,
  type PlimsollError,
  type Report,
} from '..'

const options: LintOptions = {
  buildArgs: { BASE: 'debian:12' },
  target: 'app',
  ignore: ['DL3007'],
  select: [],
  severity: { DL3015: 'warning' },
  failureThreshold: 'none',
  trustedRegistries: ['docker.io'],
  labelSchema: { maintainer: 'email' },
  strictLabels: true,
  disableIgnorePragma: false,
  dockerignore: '*.log\n',
  baseConfig: { config: { User: 'app' } },
  hadolintConfig: 'ignored: [DL3008]\n',
  plimsollConfig: 'ignore = ["DL3008"]\n',
}

const sourceOptions: LintSourceOptions = { ...options, path: 'app/Dockerfile' }
const report: Report = lint('FROM a:1\n', sourceOptions)
const fromBuffer: Report = lint(new TextEncoder().encode('FROM a:1\n'))
const diagnostic: DiagnosticReport | undefined = report.files[0].diagnostics[0]
const offset: number | undefined = diagnostic?.fix?.edits[0].start.offset
const targetStage: number | null = report.files[0].metadata.target_stage
const json: string = lintJson(new Uint8Array(0), '{"failure_threshold": "none"}', 'Dockerfile')
const instructionName: string = parse('FROM a:1\n').instructions[0].cmd
const documentation: string = rules()[0].documentation
const versions: [string, string] = [version(), VERSION]

async function asynchronous(): Promise<Report[]> {
  return [await lintAsync('FROM a:1\n'), await lintFile('Dockerfile'), await lintFileAsync('Dockerfile', options)]
}

function code(error: unknown): string {
  return (error as PlimsollError).code
}

// @ts-expect-error: the source is a string or bytes.
lint(42)
// @ts-expect-error: options use camelCase keys.
lint('FROM a:1\n', { failure_threshold: 'none' })
// @ts-expect-error: not a severity.
lint('FROM a:1\n', { severity: { DL3007: 'fatal' } })
// @ts-expect-error: lintFile names the file by its path.
lintFile('Dockerfile', { path: 'x' })
// @ts-expect-error: raw options are JSON text.
lintJson('FROM a:1\n', { ignore: [] })

export { fromBuffer, offset, targetStage, json, instructionName, documentation, versions, asynchronous, code }
