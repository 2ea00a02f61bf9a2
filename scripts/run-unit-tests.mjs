// Runs test/**/*.test.ts on node's own test runner. Node 20's --test does not expand globs or find .ts
// files by itself, so the list is made here.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

const files = readdirSync('test', { recursive: true })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join('test', f))
  .sort()
if (files.length === 0) {
  console.error('no unit tests found under test/')
  process.exit(1)
}
const run = spawnSync(process.execPath, ['--require', 'ts-node/register', '--test', '--test-reporter=spec', ...process.argv.slice(2), ...files], { stdio: 'inherit' })
process.exit(run.status ?? 1)
