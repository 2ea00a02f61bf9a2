// npm run certify [-- cucumber options]: runs the scenarios and builds the report, whatever the result.
// Exits with the scenarios' result, so a failing case fails the command after the report is written.
import { spawnSync } from 'node:child_process'

const args = process.argv.slice(2)
if (args.includes('--help') || args.includes('-h')) {
  console.log(`usage: npm run certify [-- <cucumber options>]

Runs every scenario (default profile: the simulated terminal, no hardware) and writes
  reports/allure-report/index.html        the Allure report
  reports/ccv-certification-report.html   the same as one file, to send to CCV

Examples:
  npm run certify -- --tags @maestro                 only scenarios tagged @maestro
  npm run certify -- --tags "@attended and not @wip" a tag expression
  npm run certify -- --tags @ccv:ATT-C1A             one CCV case
  npm run certify -- --profile real                  a CCV terminal on the bench (bench.json; README)
  npm run certify -- --name "declines"               scenarios whose name matches`)
  process.exit(0)
}

const step = (what, script, extra = []) => {
  const started = performance.now()
  const run = spawnSync(process.execPath, [script, ...extra], { stdio: 'inherit' })
  console.log(`${what} took ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return run.status ?? 1
}

step('cleaning old results', 'scripts/clean-results.mjs')
const scenarios = step('running the scenarios', 'node_modules/@cucumber/cucumber/bin/cucumber.js', args)
const report = step('building the report', 'scripts/allure-report.mjs')
if (scenarios !== 0) console.error('\nSome scenarios did not pass: the report says which and why.')
process.exit(scenarios !== 0 ? scenarios : report)
