// npm run bench [-- --runs N]: how long the suite, the report and the command-line tools take, as medians
// of N runs. Each figure is also given as a ratio to a dry run of the same features (Cucumber loading every
// step definition and parsing every feature, running nothing), so figures compare across machines; the
// budget lines are what a later change is held to. Exits 1 when a figure is over its budget. Timing lives
// here, never in assertions. npm run bench builds dist/ first, so the CLI figures are the compiled tools.
import { spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, help: { type: 'boolean', short: 'h', default: false } } })
if (values.help) {
  console.log('usage: npm run bench [-- --runs N]   (default 3 runs; medians, ratios to the dry run, budgets)')
  process.exit(0)
}
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs needs a whole number of runs, at least 1 (got ${values.runs})`)
  process.exit(2)
}

// Ratios to the dry run, measured on Node 24 (2026-12, 84 scenarios: suite 2.9x, tcp 3.6x, report 5.2x with
// the report built twice, CLI 0.03x; then 196 scenarios, among them three power-failure rows on the wall
// clock that a dry run does not scale with: suite 5.0-7.0x, tcp 5.2x, report 2.4x) with headroom for a busy
// machine; lower them when a change makes a figure faster, raise them only with a reason in the commit message.
const BUDGET = { suite: 8, 'tcp profile': 7, 'report build': 4, 'CLI start': 0.1 }

const cucumber = 'node_modules/@cucumber/cucumber/bin/cucumber.js'
const commands = {
  'dry run': [cucumber, '--profile', 'dry'],
  'tcp profile': [cucumber, '--profile', 'tcp', '--format', 'summary'],
  suite: [cucumber, '--profile', 'default', '--format', 'summary'],
  'report build': ['scripts/allure-report.mjs'],
  'CLI start': ['bin/ecr.cjs', '--help'],
}

const timeOnce = (name) => {
  const started = performance.now()
  const run = spawnSync(process.execPath, commands[name], { encoding: 'utf8' })
  const seconds = (performance.now() - started) / 1000
  if (run.status !== 0) {
    console.error(`${name} failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`)
    process.exit(run.status ?? 1)
  }
  return seconds
}

console.log(`node ${process.version}, ${runs} run(s) each, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]))
for (let i = 0; i < runs; i++) {
  for (const name of Object.keys(commands)) {
    // The report is built from the results of the suite run just before it, not from every run so far.
    if (name === 'suite') spawnSync(process.execPath, ['scripts/clean-results.mjs'], { stdio: 'inherit' })
    times[name].push(timeOnce(name))
  }
  process.stderr.write(`run ${i + 1}/${runs} done\n`)
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
const dry = median(times['dry run'])
let over = 0
for (const [name, list] of Object.entries(times)) {
  const seconds = median(list)
  const ratio = seconds / dry
  const budget = BUDGET[name]
  const verdict = budget === undefined ? 'the yardstick' : `budget ${budget}x: ${ratio <= budget ? 'within' : 'OVER'}`
  if (budget !== undefined && ratio > budget) over++
  console.log(`${name.padEnd(13)} ${seconds.toFixed(2).padStart(6)} s  ${ratio.toFixed(2).padStart(5)}x dry run  (${verdict})`)
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
if (over > 0) {
  console.error(`${over} figure(s) over budget: find what made them slower, or raise the budget with a reason.`)
  process.exit(1)
}
