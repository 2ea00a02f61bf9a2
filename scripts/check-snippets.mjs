// A dry run never fails (stack recipe, P8): an undefined step shows up only as a snippet.
import { existsSync, readFileSync } from 'node:fs'

const snippets = existsSync('reports/snippets.txt') ? readFileSync('reports/snippets.txt', 'utf8').trim() : ''
if (snippets) {
  console.error(`Undefined steps; suggested definitions:\n${snippets}`)
  process.exit(1)
}
console.log('every step is defined')
