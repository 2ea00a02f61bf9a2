// Runs the unit tests, compiled to dist/test by `npm run build` (npm run test:unit builds first), on node's
// own test runner, all files in one process: no TypeScript compiler at start, so the run is the tests.
// Arguments filter by path: `npm run test:unit -- codec framing`.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

if (!existsSync('dist/test')) {
  console.error('The unit tests are not compiled: run `npm run build` (npm run test:unit does it for you).')
  process.exit(1)
}
const filters = process.argv.slice(2)
// Listed from the sources, so a test file deleted or renamed in test/ does not live on in dist/.
const files = readdirSync('test', { recursive: true })
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => filters.length === 0 || filters.some((filter) => f.includes(filter)))
  .sort()
  .map((f) => join('dist/test', f.replace(/\.ts$/, '.js')))
if (files.length === 0) {
  console.error(`no unit tests under test/${filters.length ? ` matching ${filters.join(', ')}` : ''}`)
  process.exit(1)
}
const run = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-isolation=none', '--test-reporter=spec', ...files], { stdio: 'inherit' })
process.exit(run.status ?? 1)
