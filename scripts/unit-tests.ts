/**
 * Loads every test/**\/*.test.ts into one process on node's test runner. One ts-node start instead of
 * one per file makes the unit tests several times faster; tests share no module state by design.
 * Arguments filter by path: `npm run test:unit -- codec framing`.
 */
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

const filters = process.argv.slice(2)
const files = (readdirSync('test', { recursive: true }) as string[])
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => filters.length === 0 || filters.some((filter) => f.includes(filter)))
  .sort()
if (files.length === 0) {
  console.error(`no unit tests under test/${filters.length ? ` matching ${filters.join(', ')}` : ''}`)
  process.exit(1)
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loading test files by path is the point
for (const file of files) require(resolve(join('test', file)))
