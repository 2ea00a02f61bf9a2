/**
 * Prepares the Allure results of a run for the report: each scenario's status is set from Cucumber's
 * own verdict (allure-cucumberjs shows an undefined step as passed), machine paths are cut from
 * messages and traces, and every CCV case without a scenario in the run gets a result of its own, so
 * Allure's Behaviors tree lists all cases as the matrix does.
 */
import { randomUUID } from 'node:crypto'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { findCase, TERMINAL_TITLES, caseLabel } from '../catalogue/catalogue'
import { catalogueEntryHtml, evidenceHtml, type EvidenceItem } from './case-page'
import type { ScenarioStatus } from './case-status'
import { stripMachinePaths } from './machine-paths'
import type { Matrix } from './matrix'
import type { ScenarioVerdict } from './run-verdicts'

/** The label support/allure.ts puts on every scenario, to find its Cucumber verdict again. */
export const TEST_CASE_STARTED_LABEL = 'cucumberTestCaseStartedId'

interface StatusDetails { message?: string; trace?: string }
interface AllureAttachment { name: string; source: string; type: string }
interface AllureStep { status?: string; statusDetails?: StatusDetails; steps?: AllureStep[]; attachments?: AllureAttachment[] }
interface AllureContainer { children?: string[]; afters?: AllureStep[] }
interface AllureResult extends AllureStep {
  name: string
  labels: { name: string; value: string }[]
  [key: string]: unknown
}

function scrub(details: StatusDetails | undefined, root: string): StatusDetails | undefined {
  if (!details) return details
  return {
    ...details,
    ...(details.message !== undefined ? { message: stripMachinePaths(details.message, root) } : {}),
    ...(details.trace !== undefined ? { trace: stripMachinePaths(details.trace, root) } : {}),
  }
}

// A step allure-cucumberjs left without a status (undefined or ambiguous in Cucumber) did not run.
function fixSteps(steps: AllureStep[] | undefined, root: string): AllureStep[] | undefined {
  return steps?.map((s) => ({
    ...s,
    status: s.status ?? 'broken',
    statusDetails: scrub(s.statusDetails, root),
    steps: fixSteps(s.steps, root),
  }))
}

export function applyVerdict(result: AllureResult, verdict: ScenarioVerdict | undefined, root: string): AllureResult {
  const status: ScenarioStatus = verdict?.status ?? 'broken'
  const reason = verdict ? verdict.reason : 'no Cucumber verdict was recorded for this scenario (its run was cut short?)'
  const own = scrub(result.statusDetails, root) ?? {}
  const keepOwnMessage = (status === 'failed' || status === 'broken') && own.message && verdict?.reason?.includes('failed:')
  return {
    ...result,
    status,
    statusDetails: status === 'passed' ? own : { ...own, message: keepOwnMessage ? own.message : reason },
    steps: fixSteps(result.steps, root),
    labels: result.labels.filter((l) => l.name !== 'host' && l.name !== 'thread'),
  }
}

function placeholder(row: Matrix['rows'][number], at: number): AllureResult {
  const entry = findCase(row.id)
  const notApplicable = row.status === 'not applicable'
  return {
    uuid: randomUUID(),
    historyId: `ccv-case:${row.id}`,
    testCaseId: `ccv-case:${row.id}`,
    name: `${row.id} ${notApplicable ? 'not applicable' : 'not covered yet'}`,
    fullName: `ccv-case:${row.id}`,
    status: notApplicable ? 'skipped' : 'unknown',
    statusDetails: { message: `${row.status}: ${row.reason ?? ''}` },
    stage: 'finished',
    steps: [],
    attachments: [],
    parameters: [],
    start: at,
    stop: at,
    descriptionHtml: entry ? catalogueEntryHtml(entry) : '',
    links: [{ url: row.url, type: 'tms', name: `CCV ${row.id}: ${row.title}${row.urlConfirmed ? '' : ' (address inferred)'}` }],
    labels: [
      { name: 'epic', value: entry ? TERMINAL_TITLES[entry.terminal] : row.terminal },
      { name: 'feature', value: row.group },
      { name: 'story', value: entry ? caseLabel(entry) : row.label },
      { name: 'ccvCase', value: row.id },
      { name: 'tag', value: notApplicable ? 'not-applicable' : 'not-covered-yet' },
    ],
  }
}

export interface PrepareOptions {
  from: string
  to: string
  verdicts: readonly ScenarioVerdict[]
  matrix: Matrix
  root: string
  at: number
}

const textAttachments = (steps: readonly AllureStep[] | undefined): AllureAttachment[] =>
  (steps ?? []).flatMap((s) => [...(s.attachments ?? []).filter((a) => a.type === 'text/plain'), ...textAttachments(s.steps)])

// What CCV reads first: the conversation, then what people saw, what was printed, what was stored.
const EVIDENCE_ORDER = [/^OPI conversation/, /display/i, /^Receipts/, /^Journal$/, /journal/i]
const rank = (title: string) => {
  const i = EVIDENCE_ORDER.findIndex((p) => p.test(title))
  return i === -1 ? EVIDENCE_ORDER.length : i
}

/** The text files the scenario's After hooks attached (evidence), by scenario result uuid, in reading order. */
function evidenceByResult(dir: string, files: readonly string[]): Map<string, EvidenceItem[]> {
  const found = new Map<string, EvidenceItem[]>()
  for (const file of files.filter((f) => f.endsWith('-container.json'))) {
    const container = JSON.parse(readFileSync(join(dir, file), 'utf8')) as AllureContainer
    const items = textAttachments(container.afters).map((a) => ({ title: a.name.replace(/\.txt$/, ''), text: readFileSync(join(dir, a.source), 'utf8') }))
    if (items.length === 0) continue
    for (const child of container.children ?? []) found.set(child, [...(found.get(child) ?? []), ...items])
  }
  for (const [child, items] of found) found.set(child, items.sort((a, b) => rank(a.title) - rank(b.title)))
  return found
}

/** Writes the prepared results to `to`; returns how many scenario results it carried over. */
export function prepareAllureResults(o: PrepareOptions): number {
  rmSync(o.to, { recursive: true, force: true })
  mkdirSync(o.to, { recursive: true })
  const byStart = new Map(o.verdicts.map((v) => [v.testCaseStartedId, v]))
  let scenarios = 0
  const files = readdirSync(o.from)
  const evidence = evidenceByResult(o.from, files)
  for (const file of files) {
    if (file === 'history') continue
    if (!file.endsWith('-result.json')) {
      copyFileSync(join(o.from, file), join(o.to, file))
      continue
    }
    const result = JSON.parse(readFileSync(join(o.from, file), 'utf8')) as AllureResult
    const key = result.labels.find((l) => l.name === TEST_CASE_STARTED_LABEL)?.value
    const prepared = applyVerdict(result, key ? byStart.get(key) : undefined, o.root)
    const shown = evidence.get(String(result.uuid)) ?? []
    if (shown.length) prepared.descriptionHtml = `${typeof result.descriptionHtml === 'string' ? result.descriptionHtml : ''}\n${evidenceHtml(shown)}`
    writeFileSync(join(o.to, file), JSON.stringify(prepared))
    scenarios++
  }
  for (const row of o.matrix.rows) {
    if (row.scenarios.length === 0 && (row.status === 'not covered yet' || row.status === 'not applicable')) {
      const p = placeholder(row, o.at)
      writeFileSync(join(o.to, `${String(p.uuid)}-result.json`), JSON.stringify(p))
    }
  }
  return scenarios
}
