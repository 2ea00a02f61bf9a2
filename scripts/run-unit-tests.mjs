// Runs the tests compiled to dist/test by `npm run build` on node's own test runner.
// Two kinds, so the unit tests stay fast and the slow ones do not serialise behind each other:
// - unit tests (`*.test.ts`): all files in one process, one after another; no compiler at start.
// - process tests (`*.process.test.ts`): start other programs (the terminal server, the Python POS,
//   cucumber); most of their time is waiting on those programs, so files run side by side.
// `--processes` picks the second kind; other arguments filter by path: `npm run test:unit -- codec framing`.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

if (!existsSync('dist/test')) {
  console.error('The tests are not compiled: run `npm run build` (npm run test:unit does it for you).')
  process.exit(1)
}
const args = process.argv.slice(2)
const processTests = args.includes('--processes')
const filters = args.filter((a) => a !== '--processes')
const isProcessTest = (f) => f.endsWith('.process.test.ts')
// Listed from the sources, so a test file deleted or renamed in test/ does not live on in dist/.
const files = readdirSync('test', { recursive: true })
  .filter((f) => f.endsWith('.test.ts') && isProcessTest(f) === processTests)
  .filter((f) => filters.length === 0 || filters.some((filter) => f.includes(filter)))
  .sort()
  .map((f) => join('dist/test', f.replace(/\.ts$/, '.js')))
if (files.length === 0) {
  console.error(`no ${processTests ? 'process' : 'unit'} tests under test/${filters.length ? ` matching ${filters.join(', ')}` : ''}`)
  process.exit(1)
}
const isolation = processTests ? ['--test-concurrency=3'] : ['--test-isolation=none']
// No run may hang CI: a test that leaves a program running past this is stopped and fails the run.
const LIMIT_MS = 10 * 60_000
const run = spawnSync(process.execPath, ['--enable-source-maps', '--test', ...isolation, '--test-reporter=spec', ...files], { stdio: 'inherit', timeout: LIMIT_MS, killSignal: 'SIGKILL' })
if (run.error?.code === 'ETIMEDOUT') console.error(`the ${processTests ? 'process' : 'unit'} tests did not end within ${LIMIT_MS / 60_000} minutes: stopped`)
process.exit(run.status ?? 1)
