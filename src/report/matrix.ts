/**
 * The certification matrix: one row per CCV case, all of them, in CCV's order and groups (the
 * catalogue's order), with the status CCV reads first. Built from the catalogue, the declaration and
 * the verdicts of the scenarios that ran; nothing else decides a status.
 */
import { allCases, caseLabel, TERMINAL_TITLES, type CatalogueCase } from '../catalogue/catalogue'
import { applicability, caseRequirements } from './applicability'
import { FAILING, INCOMPLETE, worstOf, type CaseStatus, type ScenarioStatus } from './case-status'
import type { Declaration } from './declaration'
import type { ScenarioVerdict } from './run-verdicts'

export interface MatrixScenario {
  testCaseStartedId: string
  name: string
  uri: string
  status: ScenarioStatus
  reason?: string
}

export interface MatrixRow {
  id: string
  code: string | null
  label: string
  terminal: string
  group: string
  title: string
  url: string
  urlConfirmed: boolean
  status: CaseStatus
  reason?: string
  requires: readonly string[]
  scenarios: MatrixScenario[]
}

export type RunKind = 'certification' | 'development'

export interface Matrix {
  kind: RunKind
  rows: MatrixRow[]
  totals: Record<CaseStatus, number>
  applicable: number
  /** Applicable cases failed or broken: the run fails. */
  failing: MatrixRow[]
  /** Applicable cases without a verdict (not covered yet, skipped): the report is incomplete. */
  incomplete: MatrixRow[]
}

export interface MatrixInput {
  kind: RunKind
  declaration: Declaration
  verdicts: readonly ScenarioVerdict[]
  /** Cases that have at least one scenario in the feature files, selected or not. */
  casesWithScenarios: ReadonlySet<string>
  cases?: readonly CatalogueCase[]
}

const STATUSES: readonly CaseStatus[] = ['passed', 'failed', 'broken', 'skipped', 'not covered yet', 'not applicable', 'not selected']

function statusOf(c: CatalogueCase, scenarios: MatrixScenario[], input: MatrixInput): { status: CaseStatus; reason?: string } {
  const fit = applicability(c.id, input.declaration)
  if (!fit.applicable) return { status: 'not applicable', reason: fit.reason }
  const worst = worstOf(scenarios.map((s) => s.status))
  if (worst) {
    const first = scenarios.find((s) => s.status === worst)
    const of = scenarios.length > 1 ? `${scenarios.filter((s) => s.status === worst).length} of ${scenarios.length} scenarios ${worst}` : undefined
    return { status: worst, reason: worst === 'passed' ? of : [of, first?.reason].filter(Boolean).join(': ') }
  }
  if (input.casesWithScenarios.has(c.id)) {
    return input.kind === 'development'
      ? { status: 'not selected', reason: 'not selected by the filter of this development run' }
      : { status: 'skipped', reason: 'its scenarios did not run' }
  }
  return { status: 'not covered yet', reason: 'no scenario for this case yet' }
}

export function buildMatrix(input: MatrixInput): Matrix {
  const byCase = new Map<string, MatrixScenario[]>()
  for (const v of input.verdicts) {
    if (!v.caseId) continue
    byCase.set(v.caseId, [...(byCase.get(v.caseId) ?? []), { testCaseStartedId: v.testCaseStartedId, name: v.name, uri: v.uri, status: v.status, reason: v.reason }])
  }
  const rows = (input.cases ?? allCases()).map((c): MatrixRow => {
    const scenarios = byCase.get(c.id) ?? []
    return {
      id: c.id, code: c.code, label: caseLabel(c), terminal: TERMINAL_TITLES[c.terminal], group: c.groupTitle,
      title: c.title, url: c.url, urlConfirmed: c.urlConfirmed, requires: caseRequirements(c.id), scenarios,
      ...statusOf(c, scenarios, input),
    }
  })
  const totals = Object.fromEntries(STATUSES.map((s) => [s, rows.filter((r) => r.status === s).length])) as Record<CaseStatus, number>
  return {
    kind: input.kind, rows, totals,
    applicable: rows.length - totals['not applicable'],
    failing: rows.filter((r) => FAILING.includes(r.status)),
    incomplete: rows.filter((r) => INCOMPLETE.includes(r.status)),
  }
}

/** One line for the console and the report's first page. */
export function matrixSummary(m: Matrix): string {
  const counts = STATUSES.filter((s) => m.totals[s] > 0).map((s) => `${m.totals[s]} ${s}`).join(', ')
  return `${m.rows.length} CCV cases, ${m.applicable} applicable: ${counts}`
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

export function matrixCsv(m: Matrix): string {
  const head = ['id', 'terminal type', 'group', 'code', 'title', 'status', 'reason', 'scenarios', 'ccv link']
  const lines = m.rows.map((r) => [
    r.id, r.terminal, r.group, r.code ?? '', r.title, r.status, r.reason ?? '',
    r.scenarios.map((s) => `${s.status}: ${s.name}`).join(' | '), r.url,
  ].map(csvCell).join(','))
  return [head.join(','), ...lines].join('\n') + '\n'
}
