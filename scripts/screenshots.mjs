// npm run docs:screenshots: the README's pictures of the report, taken in headless Chromium (Debian's
// `chromium` package) from the last certification report of the default profile. Run `npm run certify`
// on a clean checkout first, so the pictures show a run without local changes.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const report = resolve('reports/certification/default/ccv-certification-report.html')
if (!existsSync(report)) {
  console.error(`No certification report at ${report}: run \`npm run certify\` first.`)
  process.exit(1)
}
// The case page shown in the README: C1A, the happy flow, found by its scenario's link in the matrix.
const scenario = 'A cardholder pays 10.00 EUR with a chip card and PIN'
const link = new RegExp(`#(testresult/[0-9a-f]+)">${scenario}`).exec(readFileSync(report, 'utf8'))
if (!link) {
  console.error(`The report has no link to the scenario "${scenario}".`)
  process.exit(1)
}
const shoot = (png, url, height) => {
  execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--window-size=1280,${height}`,
    '--virtual-time-budget=5000', `--screenshot=${resolve(png)}`, url], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 })
  console.log(`${png} taken`)
}
try {
  shoot('docs/report-matrix.png', `file://${report}`, 900)
  shoot('docs/report-case.png', `file://${report}#${link[1]}`, 1250)
} catch (error) {
  console.error(`Chromium could not take the pictures (${error.code === 'ENOENT' ? 'not installed: apt-get install chromium' : error.message}).`)
  process.exit(1)
}
