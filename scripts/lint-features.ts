/**
 * House rules for the feature files (gherkin-lint cannot parse Rule:, see the stack recipe, P10).
 *   npm run lint:features [-- files...]
 */
import { CCV_TAG, findCase, type TerminalType } from '../src/catalogue/catalogue'
import { featureFiles, parseFeature, scenarioOfPickle } from './lib/feature-files'

const TERMINAL_TAGS: Record<string, TerminalType> = { '@attended': 'attended', '@unattended': 'unattended', '@softpos': 'softpos' }
const ALLOWED_TAGS = [
  /^@(attended|unattended|softpos)$/,
  /^@ccv:[A-Z0-9-]+$/,
  // The catalogue's run-selection vocabulary.
  /^@(maestro|mastercard|visa|vpay|amex|mifare|contactless|chip|magstripe|pin|signature|receipt|e-receipt|journal|reconciliation|limits|abort|timeout|recovery|operator|soak)$/,
  /^@(smoke|wip|manual|flaky|bench)$/,
  /^@severity:(blocker|critical|normal|minor|trivial)$/,
]
/** Steps speak the checkout's language; the wire belongs in World methods and report attachments. */
const TRANSPORT_WORDS = /\b(sockets?|xml|ports?|tcp|udp|serial line|bytes?|frames?|channels?|opi|request ?ids?|device ?requests?|device ?responses?|card ?service|service ?requests?|overallresult|http|payload|json|click|button)\b/i
const MAX_STEPS = 8

const problems: string[] = []
const report = (file: string, line: number, message: string) => problems.push(`${file}:${line}  ${message}`)

const files = process.argv.slice(2).length ? process.argv.slice(2) : featureFiles()
for (const file of files) {
  const parsed = parseFeature(file)
  if (parsed.parseError) { report(file, 0, `parse error: ${parsed.parseError}`); continue }
  const feature = parsed.document?.feature
  if (!feature) { report(file, 1, 'no Feature'); continue }
  if (!feature.description.trim()) report(file, feature.location.line, 'the Feature needs a description for product owners')

  const terminalTags = feature.tags.map((t) => TERMINAL_TAGS[t.name]).filter(Boolean)
  if (terminalTags.length !== 1) report(file, feature.location.line, 'the Feature needs exactly one of @attended, @unattended, @softpos')

  const allTags = [
    ...feature.tags,
    ...feature.children.flatMap((c) => c.rule?.tags ?? []),
    ...parsed.scenarios.flatMap(({ scenario }) => [...scenario.tags, ...scenario.examples.flatMap((e) => e.tags)]),
  ]
  for (const tag of allTags) if (!ALLOWED_TAGS.some((re) => re.test(tag.name))) report(file, tag.location.line, `tag not in the taxonomy: ${tag.name}`)

  const names = new Set<string>()
  for (const { scenario } of parsed.scenarios) {
    const line = scenario.location.line
    if (!scenario.name.trim()) report(file, line, 'unnamed scenario')
    if (names.has(scenario.name)) report(file, line, `duplicate scenario name: ${scenario.name}`)
    names.add(scenario.name)
    if (scenario.steps.length > MAX_STEPS) report(file, line, `${scenario.steps.length} steps (at most ${MAX_STEPS})`)
    const whens = scenario.steps.filter((s) => s.keyword.trim() === 'When').length
    if (whens !== 1) report(file, line, `${whens} When steps; a scenario has exactly one`)
    let previous = ''
    for (const step of scenario.steps) {
      const keyword = step.keyword.trim()
      if (keyword === previous && keyword !== 'And' && keyword !== 'But' && keyword !== '*') report(file, step.location.line, `repeated "${keyword}": use And`)
      if (TRANSPORT_WORDS.test(step.text)) report(file, step.location.line, `transport word in a step: "${step.text}"`)
      previous = keyword
    }
  }

  for (const pickle of parsed.pickles) {
    const line = scenarioOfPickle(parsed, pickle)?.location.line ?? 0
    const ids = pickle.tags.map((t) => CCV_TAG.exec(t.name)?.[1]).filter((id): id is string => id !== undefined)
    if (ids.length !== 1) { report(file, line, `"${pickle.name}" has ${ids.length} @ccv: tags; it needs exactly one`); continue }
    const entry = findCase(ids[0])
    if (!entry) { report(file, line, `@ccv:${ids[0]} is not in the CCV catalogue`); continue }
    // The Feature's name is the CCV group, which Allure shows as the feature.
    if (entry.groupTitle !== feature.name) report(file, line, `@ccv:${entry.id} belongs to the CCV group "${entry.groupTitle}", but the Feature is "${feature.name}"`)
    if (terminalTags.length === 1 && entry.terminal !== terminalTags[0]) report(file, line, `@ccv:${entry.id} is a ${entry.terminal} case in a ${terminalTags[0]} feature`)
  }
}

for (const p of problems) console.log(p)
console.log(problems.length ? `${problems.length} problem(s) in the feature files` : `features OK (${files.length} file(s))`)
process.exitCode = problems.length ? 1 : 0
