/**
 * The statuses a CCV case can have in the certification report, and how a scenario's Cucumber result
 * maps onto them. One mapping for every summary (Allure, single file, matrix, manifest, console), so
 * they cannot disagree.
 */
export type ScenarioStatus = 'passed' | 'failed' | 'broken' | 'skipped'
export type CaseStatus = ScenarioStatus | 'not covered yet' | 'not applicable' | 'not selected'

/** Worst first: a case with several scenarios takes the worst of them. */
const SCENARIO_RANK: readonly ScenarioStatus[] = ['failed', 'broken', 'skipped', 'passed']

export function worstOf(statuses: readonly ScenarioStatus[]): ScenarioStatus | undefined {
  return SCENARIO_RANK.find((s) => statuses.includes(s))
}

/** What each status means to the tester and to CCV (README "Reading the report" says the same). */
export const STATUS_MEANING: Record<CaseStatus, string> = {
  'passed': 'every scenario of the case ran and the integration did what the case expects',
  'failed': 'the integration did not do what the case expects (a verdict on the integration)',
  'broken': 'the rig or the automation had a problem, or a step has no definition: no verdict, the case did not run to the end',
  'skipped': 'the case did not run, for the reason given (a pending step, or the person at the bench could not do it)',
  'not covered yet': 'the case applies to this integration but the suite has no scenario for it yet',
  'not applicable': 'the capability declaration says the integration does not support what the case needs',
  'not selected': 'development runs only: the case has scenarios, but the filter of this run left them out',
}

/** Statuses that fail a certification run. */
export const FAILING: readonly CaseStatus[] = ['failed', 'broken']
/** Statuses that leave an applicable case without a verdict: the report is incomplete. */
export const INCOMPLETE: readonly CaseStatus[] = ['skipped', 'not covered yet']
