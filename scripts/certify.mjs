// npm run certify [-- options]: runs the scenarios and builds the certification report, whatever the result.
// Without filters it is a certification run; a filter makes it a development run with its own report folder.
import { spawn, spawnSync } from 'node:child_process'

const HELP = `usage: npm run certify [-- [--declaration <file>] [--strict] [<cucumber options>]]

Without filters, a certification run: every scenario of the profile runs, and the report goes to
  reports/certification/<profile>/ccv-certification-report.html   the single file to send CCV (matrix first)
  reports/certification/<profile>/certification-matrix.html|csv|json, run-manifest.json
  reports/certification/<profile>/allure-report/                   the Allure report (npx allure open <folder>)
With a filter (--tags, --name, a feature file), a development run: the same files under
reports/development/<profile>/, marked "development run" on every page; the certification report stays.

Options:
  --declaration <file>   the capability declaration (default certification.yaml; see certification.schema.json)
  --strict               also fail when an applicable case has no verdict (no scenario yet, or skipped)
  --profile <name>       default (in memory), tcp (loopback sockets), de (OPI-DE dialect), real (the bench),
                         pos (your POS through the driver contract; CCV_POS=<POS config>, python-pos by default)

Fails (exit 1) when an applicable case failed or is broken, or when no scenario was selected.

Examples:
  npm run certify                                    certification run on the simulated terminal
  npm run certify -- --strict --profile tcp          certification over loopback sockets, gaps fail too
  npm run certify -- --tags @ccv:ATT-C1A             development run: one CCV case
  npm run certify -- --profile real                  certification on a CCV terminal on the bench (bench.json; README)
  npm run certify -- --profile pos --declaration examples/python-pos/certification.yaml   python-pos through the driver contract
  npm run certify -- --tags "@attended and @receipt" development run: a tag expression
  npm run certify -- --name "declines"               development run: scenarios whose name matches
  npm run certify -- features/attended/aborting.feature   development run: one CCV group`

// Cucumber options that take a value, so their value is not read as a feature path.
const WITH_VALUE = new Set(['--profile', '-p', '--tags', '-t', '--name', '-n', '--format', '-f', '--format-options',
  '--world-parameters', '--require', '-r', '--import', '-i', '--require-module', '--language', '--order', '--retry',
  '--retry-tag-filter', '--parallel', '--shard', '--config', '-c', '--plugin', '--plugin-options'])
const FILTERS = new Set(['--tags', '-t', '--name', '-n'])
// Options that stop a run early or run nothing: never a certification.
const PARTIAL = new Set(['--fail-fast', '--dry-run', '-d', '--shard'])

function readArguments(argv) {
  const own = { declaration: 'certification.yaml', strict: false, help: false }
  const cucumber = []
  const filters = []
  const paths = []
  let profile = 'default'
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined]
    if (name === '--help' || name === '-h') own.help = true
    else if (name === '--strict') own.strict = true
    else if (name === '--declaration') own.declaration = inline ?? argv[++i]
    else if (WITH_VALUE.has(name)) {
      const value = inline ?? argv[++i]
      if (value === undefined) throw new Error(`${name} needs a value`)
      cucumber.push(name, value)
      if (FILTERS.has(name)) filters.push(name, value)
      if (name === '--profile' || name === '-p') profile = value
      if (name === '--shard') filters.push(name, value)
    } else if (name.startsWith('-')) {
      cucumber.push(argv[i])
      if (PARTIAL.has(name)) filters.push(name)
    } else {
      paths.push(argv[i]) // a feature file or folder: narrows the run (cucumber.js reads CCV_FEATURES)
      filters.push(argv[i])
    }
  }
  if (own.declaration === undefined) throw new Error('--declaration needs a file')
  return { ...own, cucumber, filters, paths, profile }
}

let options
try {
  options = readArguments(process.argv.slice(2))
} catch (e) {
  console.error(`${e.message}\n\n${HELP}`)
  process.exit(2)
}
if (options.help) {
  console.log(HELP)
  process.exit(0)
}

const kind = options.filters.length ? 'development' : 'certification'
const began = performance.now()
const env = {
  ...process.env,
  ...(options.paths.length ? { CCV_FEATURES: options.paths.join(',') } : {}),
  ...(kind === 'certification' ? { CCV_CERTIFICATION: '1' } : {}), // cucumber.js: every case, the soak too
}
const node = (args, what) => {
  const started = performance.now()
  const run = spawnSync(process.execPath, args, { stdio: 'inherit', env })
  if (what) console.log(`${what} took ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return run.status ?? 1
}
const buildReport = (extra, what) => node(['--require', 'ts-node/register', 'scripts/build-report.ts', '--declaration', options.declaration, ...extra], what)

console.log(`== ${kind} run, profile ${options.profile}${options.filters.length ? `, only ${options.filters.join(' ')}` : ''}`)
node(['scripts/clean-results.mjs'])
// The declaration is checked while the scenarios start, so the check costs no time; a mistake in it stops
// the run at once (we kill only the Cucumber process we started).
console.log(`[1/2] checking the declaration ${options.declaration} and running the scenarios`)
const startNode = (args) => spawn(process.execPath, args, { stdio: 'inherit', env })
const exited = (child) => new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)))
const started = new Date()
const check = startNode(['--require', 'ts-node/register', 'scripts/build-report.ts', '--declaration', options.declaration, '--check-declaration'])
const cucumber = startNode(['node_modules/@cucumber/cucumber/bin/cucumber.js', ...options.cucumber])
if (await exited(check) !== 0) {
  cucumber.kill()
  await exited(cucumber)
  console.error('\nThe capability declaration has mistakes (listed above); nothing was certified and no report was written.')
  process.exit(2)
}
const scenarios = await exited(cucumber)
const finished = new Date()
console.log(`running the scenarios took ${((finished - started) / 1000).toFixed(1)} s`)

console.log('[2/2] building the report')
const report = buildReport([
  '--kind', kind, '--profile', options.profile, '--started', started.toISOString(), '--finished', finished.toISOString(),
  '--arguments', JSON.stringify(options.cucumber), '--filters', JSON.stringify(options.filters),
  '--cucumber-exit', String(scenarios), ...(options.strict ? ['--strict'] : []),
], 'building the report')
console.log(`npm run certify took ${((performance.now() - began) / 1000).toFixed(1)} s in all`)
process.exit(report)
