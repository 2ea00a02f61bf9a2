/**
 * CCV's certification test cases as data. CCV publishes only titles; purpose, steps and expected
 * results are the team's interpretation (see INTERPRETATION_NOTICE), copied from ../shared/ccv.
 */
import entries from './ccv-cases.json'

export type TerminalType = 'attended' | 'unattended' | 'softpos'

export interface CatalogueCase {
  id: string
  code: string | null
  terminal: TerminalType
  group: string
  groupTitle: string
  title: string
  url: string
  urlConfirmed: boolean
  purpose: string
  preconditions: string[]
  steps: string[]
  expected: string[]
  tags: string[]
  basis: string
}

export const INTERPRETATION_NOTICE =
  'CCV publishes only the titles of its certification cases. The purpose, steps and expected results used here are ' +
  "this project's interpretation of each title, not CCV's text: check them against CCV's own page before relying on them."

export const TERMINAL_TITLES: Record<TerminalType, string> = {
  attended: 'Attended terminals',
  unattended: 'Unattended terminals',
  softpos: 'SoftPOS',
}

const CASES = entries as CatalogueCase[]
const BY_ID = new Map(CASES.map((c) => [c.id, c]))

export function allCases(): readonly CatalogueCase[] {
  return CASES
}

export function findCase(id: string): CatalogueCase | undefined {
  return BY_ID.get(id)
}

export function getCase(id: string): CatalogueCase {
  const found = BY_ID.get(id)
  if (!found) throw new Error(`"${id}" is not a CCV case in the catalogue`)
  return found
}

/** "C1A Happy flow", or the title alone for SoftPOS cases, which CCV does not number. */
export function caseLabel(c: CatalogueCase): string {
  return c.code ? `${c.code} ${c.title}` : c.title
}

/** The `@ccv:<ID>` tag contract. */
export const CCV_TAG = /^@ccv:(.+)$/
