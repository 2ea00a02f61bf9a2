/**
 * Which CCV cases have a scenario, and whether every scenario names exactly one real case.
 *   npm run coverage               list uncovered cases by group; fail on a broken @ccv: tag
 *   npm run coverage -- --quiet    one line per terminal type
 *   npm run coverage -- --strict   also fail while any case is uncovered
 */
import { parseArgs } from 'node:util'
import { allCases, CCV_TAG, findCase, TERMINAL_TITLES, type TerminalType } from '../src/catalogue/catalogue'
import { parseAllFeatures } from './lib/feature-files'

const { values: options } = parseArgs({
  options: { quiet: { type: 'boolean', default: false }, strict: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
})
if (options.help) {
  console.log('usage: npm run coverage [-- --quiet] [-- --strict]\nLists CCV catalogue cases without a scenario; fails on a scenario without exactly one valid @ccv:<ID> tag.')
  process.exit(0)
}

const problems: string[] = []
const scenariosPerCase = new Map<string, number>()
for (const parsed of parseAllFeatures()) {
  if (parsed.parseError) problems.push(`${parsed.file}: cannot be parsed: ${parsed.parseError}`)
  for (const pickle of parsed.pickles) {
    const ids = pickle.tags.map((t) => CCV_TAG.exec(t.name)?.[1]).filter((id): id is string => id !== undefined)
    const where = `${parsed.file}: "${pickle.name}"`
    if (ids.length !== 1) problems.push(`${where} has ${ids.length} @ccv: tags; it needs exactly one`)
    for (const id of ids) {
      if (!findCase(id)) problems.push(`${where} is tagged @ccv:${id}, which is not in the CCV catalogue`)
      else scenariosPerCase.set(id, (scenariosPerCase.get(id) ?? 0) + 1)
    }
  }
}

const cases = allCases()
const uncovered = cases.filter((c) => !scenariosPerCase.has(c.id))
for (const terminal of Object.keys(TERMINAL_TITLES) as TerminalType[]) {
  const ofType = cases.filter((c) => c.terminal === terminal)
  const missing = uncovered.filter((c) => c.terminal === terminal)
  console.log(`${TERMINAL_TITLES[terminal]}: ${ofType.length - missing.length}/${ofType.length} cases have a scenario`)
  if (options.quiet) continue
  const groups = new Map<string, string[]>()
  for (const c of missing) groups.set(c.groupTitle, [...(groups.get(c.groupTitle) ?? []), `${c.id} ${c.title}`])
  for (const [group, list] of groups) console.log(`  ${group}:\n${list.map((l) => `    - ${l}`).join('\n')}`)
}
console.log(`CCV catalogue coverage: ${cases.length - uncovered.length}/${cases.length} cases`)

if (problems.length) {
  console.error(`\n${problems.length} tagging problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`)
  process.exitCode = 1
} else if (options.strict && uncovered.length) {
  console.error(`\n--strict: ${uncovered.length} case(s) still have no scenario`)
  process.exitCode = 1
}
