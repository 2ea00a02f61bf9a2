/**
 * Builds the certification report from the last run's results: Cucumber's message stream (the truth
 * about each scenario), the Allure results (the evidence), the catalogue and the declaration.
 *   reports/<kind>/<profile>/ccv-certification-report.html   the single file to send CCV (matrix first)
 *   reports/<kind>/<profile>/certification-matrix.{html,csv,json}, run-manifest.json
 *   reports/<kind>/<profile>/allure-report/                  the Allure folder, with its own trend
 * Called by `npm run certify` (scripts/certify.mjs) and `npm run report`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { prepareAllureResults } from '../src/report/allure-results'
import { allureGenerate, injectOverlay, scenarioPages, writeSingleFile } from '../src/report/allure-site'
import { DeclarationError, loadDeclaration, terminalDescription } from '../src/report/declaration'
import { buildMatrix, matrixCsv, matrixSummary, type RunKind } from '../src/report/matrix'
import { developmentBanner, MATRIX_CSS, matrixPageHtml, matrixSection } from '../src/report/matrix-html'
import { repoRoot } from '../src/report/repo-root'
import { buildManifest } from '../src/report/run-manifest'
import { parseMessages, scenarioVerdicts } from '../src/report/run-verdicts'
import { CCV_TAG, findCase } from '../src/catalogue/catalogue'
import { featureFiles, parseAllFeatures } from './lib/feature-files'

const { values: o } = parseArgs({
  options: {
    kind: { type: 'string', default: 'development' },
    profile: { type: 'string' },
    out: { type: 'string' },
    declaration: { type: 'string', default: 'certification.yaml' },
    strict: { type: 'boolean', default: false },
    started: { type: 'string' },
    finished: { type: 'string' },
    arguments: { type: 'string', default: '[]' },
    filters: { type: 'string', default: '[]' },
    'cucumber-exit': { type: 'string' },
    'check-declaration': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (o.help) {
  console.log('usage: npm run report [-- --declaration <file>]\nBuilds the report from the results of the last run (npm test or cucumber-js); npm run certify runs and builds in one go.')
  process.exit(0)
}

const root = repoRoot(__dirname)
const messagesDir = join(root, 'reports/cucumber-messages')
const resultsDir = join(root, 'reports/allure-results')
const kind: RunKind = o.kind === 'certification' ? 'certification' : 'development'
const filters = JSON.parse(o.filters) as string[]
const cucumberArguments = JSON.parse(o.arguments) as string[]
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`
const fail = (message: string, code = 1): never => {
  console.error(message)
  process.exit(code)
}

const declarationFile = resolve(o.declaration)
const declaration = (() => {
  try {
    return loadDeclaration(declarationFile)
  } catch (e) {
    return fail(e instanceof DeclarationError ? e.message : String(e), 2)
  }
})()

if (o['check-declaration']) {
  console.log(`  ${declaration.integration.name} ${declaration.integration.version} on ${terminalDescription(declaration)}`)
  process.exit(0)
}

const streams = existsSync(messagesDir) ? readdirSync(messagesDir).filter((f) => f.endsWith('.ndjson')).sort() : []
const profile = o.profile ?? (streams.map((f) => basename(f, '.ndjson')).join('+') || 'default')
const verdicts = streams.flatMap((f) => scenarioVerdicts(parseMessages(readFileSync(join(messagesDir, f), 'utf8'))))
if (verdicts.length === 0) {
  fail(`No scenario ran${filters.length ? ` with ${filters.join(' ')}` : ''}: nothing to report. Check the tag or name (npm run coverage lists the cases; tags are in features/**/*.feature).` +
    '\nNo report was written; the last report is unchanged.')
}
if (!existsSync(resultsDir)) fail(`No Allure results in ${relative(root, resultsDir)}: the run wrote none (is the allure-cucumberjs formatter in cucumber.js?).`)

const out = resolve(o.out ?? join(root, 'reports', kind, profile))
mkdirSync(out, { recursive: true })
console.log(`building the ${kind} report of ${verdicts.length} scenario(s) in ${relative(root, out) || '.'}`)

const casesWithScenarios = new Set(parseAllFeatures(join(root, 'features')).flatMap((p) => p.pickles.flatMap((pk) => pk.tags.map((t) => CCV_TAG.exec(t.name)?.[1]).filter((id): id is string => id !== undefined))))
const matrix = buildMatrix({ kind, declaration, verdicts, casesWithScenarios })
const started = o.started ? new Date(o.started) : new Date(Math.min(...verdicts.map((v) => v.startedAt)))
const finished = o.finished ? new Date(o.finished) : new Date(Math.max(...verdicts.map((v) => v.finishedAt)))
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the profiles are a CommonJS module of their own
const profiles = require(join(root, 'cucumber.js')) as Record<string, { worldParameters?: { seed?: number; dialect?: string; bench?: string } } | undefined>
// eslint-disable-next-line @typescript-eslint/no-require-imports -- shared with cucumber.js, which is CommonJS
const { benchInfo } = require('./lib/environment.cjs') as { benchInfo: (path: string) => Record<string, string> }
const worldParameters = profiles[profile.split('+')[0]]?.worldParameters
const runDialect = worldParameters?.dialect === 'de' ? 'OPI-DE' : worldParameters?.dialect === 'nl' ? 'OPI-NL' : undefined
const dialectNote = runDialect && runDialect !== declaration.terminal.dialect ? `the run spoke ${runDialect}, the declaration says ${declaration.terminal.dialect}` : undefined
if (dialectNote) console.warn(`  warning: ${dialectNote} (${relative(root, declarationFile)}, terminal.dialect)`)
const manifest = buildManifest({
  kind, profile, seed: String(worldParameters?.seed ?? 'n/a'), arguments: cucumberArguments, filters,
  startedAt: started, finishedAt: finished, declarationFile, declaration, featureFiles: featureFiles(join(root, 'features')),
  scenarios: verdicts.length, matrix, warnings: dialectNote ? [`${dialectNote} (terminal.dialect in ${relative(root, declarationFile)})`] : [],
}, root)
writeFileSync(join(out, 'run-manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
writeFileSync(join(out, 'certification-matrix.json'), JSON.stringify({ summary: matrixSummary(matrix), totals: matrix.totals, rows: matrix.rows }, null, 2) + '\n')
writeFileSync(join(out, 'certification-matrix.csv'), matrixCsv(matrix))
console.log(`  matrix: ${matrixSummary(matrix)}`)

// Allure: results with Cucumber's verdicts, the cases without scenarios, the facts of the run.
const results = join(out, 'allure-results')
const report = join(out, 'allure-report')
prepareAllureResults({ from: resultsDir, to: results, verdicts, matrix, root, at: started.getTime() })
if (existsSync(join(report, 'history'))) cpSync(join(report, 'history'), join(results, 'history'), { recursive: true })
const integration = `${declaration.integration.name} ${declaration.integration.version}`
const reportName = `CCV certification of ${integration}${kind === 'development' ? ' (development run)' : ''}`
const environment: Record<string, string> = {
  'Run': `${kind} run, profile ${profile}${manifest.filters.length ? `, only ${manifest.filters.join(' ')}` : ''}${dialectNote ? `; ${dialectNote}` : ''}`,
  'Integration': `${integration} (${declaration.integration.vendor})`,
  'Certified terminal': terminalDescription(declaration),
  'Tester': `${declaration.tester.name}, ${declaration.tester.organisation}`,
  'Test cards': declaration.testCards,
  'Commit': `${manifest.commit.id.slice(0, 12)}${manifest.commit.dirty ? ' WITH LOCAL CHANGES' : ''}`,
  'Random seed': manifest.seed,
  // A bench run: which link, and whether bench time ran faster than the wall clock (a simulated terminal only).
  ...(worldParameters?.bench ? benchInfo(worldParameters.bench) : {}),
  ...manifest.versions,
  'Expected results': 'interpretations of CCV test-case titles, not CCV text',
}
writeFileSync(join(results, 'environment.properties'), Object.entries(environment).map(([k, v]) => `${k.replace(/[ :=]/g, '\\$&')}=${v}`).join('\n') + '\n')
writeFileSync(join(results, 'executor.json'), JSON.stringify({ name: process.env.CI ? 'CI' : 'local run', type: process.env.CI ? 'ci' : 'local', buildName: `${kind} run ${manifest.startedAt}`, reportName }))

if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) fail('The Allure report needs Java 8 or newer on the PATH (Debian: apt-get install default-jre-headless).\n' +
  `The matrix and manifest are written: ${relative(root, join(out, 'certification-matrix.csv'))}, ${relative(root, join(out, 'run-manifest.json'))}.`)
let t = performance.now()
console.log('  generating the Allure report (once)...')
try {
  allureGenerate(root, results, report, reportName)
} catch (e) {
  fail(String((e as Error).message))
}
console.log(`  Allure report generated in ${seconds(t)}`)

const pages = scenarioPages(report)
const page = (link: (uid: string) => string) => ({ matrix, manifest, scenarioLink: (s: { testCaseStartedId: string }) => (pages.has(s.testCaseStartedId) ? link(pages.get(s.testCaseStartedId)!) : undefined) })
// The single file opens from disk; the Allure folder needs a web server (npx allure open).
writeFileSync(join(out, 'certification-matrix.html'), matrixPageHtml(page((uid) => `ccv-certification-report.html#testresult/${uid}`)))
const overlay = {
  title: reportName, css: MATRIX_CSS, development: kind === 'development', matrixSection: matrixSection(page((uid) => `#testresult/${uid}`)),
  banner: kind === 'development' ? developmentBanner(manifest) : `Certification report · ${integration} · ${matrixSummary(matrix)}`,
}
const index = join(report, 'index.html')
writeFileSync(index, injectOverlay(readFileSync(index, 'utf8'), overlay))
t = performance.now()
const single = join(out, 'ccv-certification-report.html')
const how = writeSingleFile(report, single, root, results, reportName, (html) => injectOverlay(html, overlay))
console.log(`  single file made ${how} in ${seconds(t)}`)

console.log(`\n${kind === 'certification' ? 'Certification' : 'Development'} report (${matrixSummary(matrix)}):
  ${relative(root, single)}   ${kind === 'certification' ? 'the single file to send CCV' : 'the single file (a development run: not for CCV)'} (opens on the matrix)
  ${relative(root, join(out, 'certification-matrix.html'))} (.csv, .json)   the matrix alone
  ${relative(root, join(out, 'run-manifest.json'))}   what exactly ran
  ${relative(root, index)}   the Allure folder (npx allure open ${relative(root, report)})`)

// A scenario that names no catalogue case is in no row of the matrix: it must not fail unseen.
const orphans = verdicts.filter((v) => !v.caseId || !findCase(v.caseId))
if (orphans.length) {
  console.error(`\n${orphans.length} scenario(s) name no CCV case of the catalogue (one @ccv:<ID> tag each; npm run coverage checks):\n` +
    orphans.map((v) => `  ${v.uri}: "${v.name}" (${v.status})`).join('\n'))
  process.exitCode = 1
}
const cucumberExit = o['cucumber-exit'] === undefined ? 0 : Number(o['cucumber-exit'])
if (matrix.failing.length) {
  console.error(`\n${matrix.failing.length} applicable case(s) failed or broken: ${matrix.failing.map((r) => `${r.id} (${r.status})`).join(', ')}`)
  process.exitCode = 1
} else if (cucumberExit !== 0) {
  console.error(`\nCucumber ended with exit code ${cucumberExit} although no applicable case failed: see its output above.`)
  process.exitCode = 1
}
if (matrix.incomplete.length) {
  const list = matrix.incomplete.map((r) => r.id).join(', ')
  if (kind === 'certification') {
    console.log(`\nIncomplete: ${matrix.incomplete.length} applicable case(s) without a verdict: ${list}`)
    if (o.strict) {
      console.error('--strict: an incomplete certification fails the run.')
      process.exitCode = 1
    }
  }
}
