// Type-checked by types.test.js with `tsc --noEmit --strict`: each line must compile, and each
// line after `@ts-expect-error` must fail to, so the declarations in index.d.ts are neither too
// loose nor too strict for real use.

import {
  lint,
  lintAsync,
  lintFile,
  lintFileAsync,
  lintImage,
  lintImageAsync,
  lintImageConfig,
  lintImageConfigAsync,
  lintImageConfigJson,
  lintImageJson,
  lintJson,
  parse,
  rules,
  version,
  VERSION,
  type DiagnosticReport,
  type ImageConfigOptions,
  type ImageFindingReport,
  type ImageOptions,
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

const imageOptions: ImageOptions = {
  image: 'app:1',
  platform: 'linux/arm64',
  maxSize: '100MB',
  lowestEfficiency: 0.9,
  highestWastedBytes: 20_000_000,
  highestUserWastedPercent: 'disabled',
  ignore: ['CIS-DI-0006'],
  severity: { PL3001: 'error' },
  failureThreshold: 'warning',
}
const configOptions: ImageConfigOptions = { name: 'app.json', maxSize: 1000 }
const imageReport: Report = lintImage('app.tar', imageOptions)
const finding: ImageFindingReport | undefined = imageReport.images?.[0].findings[0]
const entry: string | null | undefined = finding?.location.kind === 'config' ? finding.location.entry : undefined
const configReport: Report = lintImageConfig(new TextEncoder().encode('{}'), configOptions)
const imageJson: string = lintImageJson('app.tar', '{"max_size": "1GB"}') + lintImageConfigJson('{}', '', 'x.json')

async function asynchronousImages(): Promise<Report[]> {
  return [await lintImageAsync('app.tar'), await lintImageConfigAsync('{}', configOptions)]
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
// @ts-expect-error: a config is linted under a name, not picked from an archive.
lintImageConfig('{}', { image: 'app:1' })
// @ts-expect-error: image options use camelCase keys.
lintImage('app.tar', { max_size: '1GB' })

export { imageReport, entry, configReport, imageJson, asynchronousImages }
export { fromBuffer, offset, targetStage, json, instructionName, documentation, versions, asynchronous, code }
