// Builds the Allure report from reports/allure-results: an HTML folder (with history carried forward)
// and a single self-contained file that can be mailed to CCV.
import { copyFileSync, cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'

const results = 'reports/allure-results'
const report = 'reports/allure-report'
const single = 'reports/allure-single'
const mailable = 'reports/ccv-certification-report.html'
const name = 'CCV certification (expected results are interpretations of CCV case titles)'

if (!existsSync(results) || readdirSync(results).length === 0) {
  console.error(`No test results in ${results}: run the scenarios first (npm run certify does both).`)
  process.exit(1)
}
if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) {
  console.error('The Allure report needs Java 8 or newer on the PATH (Debian: apt-get install default-jre-headless).\n' +
    'The scenarios ran; their results are in reports/allure-results and reports/cucumber-report.html.')
  process.exit(1)
}

if (existsSync(`${report}/history`)) cpSync(`${report}/history`, `${results}/history`, { recursive: true })
writeFileSync(`${results}/executor.json`, JSON.stringify({
  name: process.env.CI ? 'CI' : 'local run', type: process.env.CI ? 'ci' : 'local',
  buildName: new Date().toISOString(), reportName: name,
}))

const allure = (args) => {
  const run = spawnSync(process.execPath, ['node_modules/allure-commandline/bin/allure', ...args], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (run.status !== 0) {
    console.error(`allure ${args[0]} failed (exit ${run.status})`)
    process.exit(run.status ?? 1)
  }
}
allure(['generate', results, '-o', report, '--clean', '--name', name])
rmSync(single, { recursive: true, force: true })
allure(['generate', results, '-o', single, '--single-file', '--name', name])
copyFileSync(`${single}/index.html`, mailable)
rmSync(single, { recursive: true, force: true })
console.log(`Allure report: ${report}/index.html (open with: npx allure open ${report})\nSingle file for CCV: ${mailable}`)
