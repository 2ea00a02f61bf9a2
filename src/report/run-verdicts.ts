/**
 * The verdict on each scenario that ran, read from Cucumber's own message stream (the `message`
 * formatter), not from a reporter's interpretation of it: an undefined, ambiguous or pending step can
 * never turn into a pass here.
 */
import type { Envelope, Pickle, TestStepResult } from '@cucumber/messages'
import { CCV_TAG } from '../catalogue/catalogue'
import type { ScenarioStatus } from './case-status'

export interface ScenarioVerdict {
  testCaseStartedId: string
  pickleId: string
  uri: string
  name: string
  /** The scenario's `@ccv:<ID>` case, if it carries exactly one. */
  caseId?: string
  status: ScenarioStatus
  /** Why it is not passed, in words (the failing step and its message). */
  reason?: string
  startedAt: number
  finishedAt: number
}

/**
 * A step that does not run the case (a `real`-profile prompt answered "could not", "skip" or left
 * unanswered) attaches its reason with this media type and returns 'skipped' or 'pending': the case is
 * then skipped with that reason, never passed.
 */
export const NOT_RUN_REASON_MEDIA_TYPE = 'text/x.ccv-not-run-reason'

// Cucumber's own order, worst last.
const CUCUMBER_RANK = ['UNKNOWN', 'PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED']

const millis = (t: { seconds: number; nanos: number }) => t.seconds * 1000 + Math.floor(t.nanos / 1e6)

function isAssertion(result: TestStepResult): boolean {
  const type = result.exception?.type ?? ''
  return type === 'AssertionError' || /^AssertionError\b/.test(result.message ?? '')
}

const firstLine = (text: string | undefined) => (text ?? '').split('\n')[0].trim()

/** Parses an NDJSON message stream; a torn last line (a run cut short) is ignored, not fatal. */
export function parseMessages(ndjson: string): Envelope[] {
  const envelopes: Envelope[] = []
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue
    try {
      envelopes.push(JSON.parse(line) as Envelope)
    } catch {
      // a half-written line at the end of an interrupted run
    }
  }
  return envelopes
}

export function scenarioVerdicts(envelopes: readonly Envelope[]): ScenarioVerdict[] {
  const pickles = new Map<string, Pickle>()
  const hooks = new Map<string, string>()
  const testCases = new Map<string, { pickleId: string; steps: Map<string, { pickleStepId?: string; hookId?: string }> }>()
  const started = new Map<string, { testCaseId: string; at: number }>()
  const stepResults = new Map<string, { testStepId: string; result: TestStepResult }[]>()
  const notRunReasons = new Map<string, string>()
  const verdicts: ScenarioVerdict[] = []

  for (const e of envelopes) {
    if (e.pickle) pickles.set(e.pickle.id, e.pickle)
    else if (e.hook) hooks.set(e.hook.id, e.hook.name ?? e.hook.tagExpression ?? 'a hook')
    else if (e.testCase) {
      testCases.set(e.testCase.id, { pickleId: e.testCase.pickleId, steps: new Map(e.testCase.testSteps.map((s) => [s.id, s])) })
    } else if (e.testCaseStarted) {
      started.set(e.testCaseStarted.id, { testCaseId: e.testCaseStarted.testCaseId, at: millis(e.testCaseStarted.timestamp) })
    } else if (e.attachment?.mediaType === NOT_RUN_REASON_MEDIA_TYPE && e.attachment.testCaseStartedId && e.attachment.testStepId) {
      notRunReasons.set(`${e.attachment.testCaseStartedId} ${e.attachment.testStepId}`, e.attachment.body)
    } else if (e.testStepFinished) {
      const list = stepResults.get(e.testStepFinished.testCaseStartedId) ?? []
      list.push({ testStepId: e.testStepFinished.testStepId, result: e.testStepFinished.testStepResult })
      stepResults.set(e.testStepFinished.testCaseStartedId, list)
    } else if (e.testCaseFinished && !e.testCaseFinished.willBeRetried) {
      const start = started.get(e.testCaseFinished.testCaseStartedId)
      const testCase = start && testCases.get(start.testCaseId)
      const pickle = testCase && pickles.get(testCase.pickleId)
      if (!start || !testCase || !pickle) continue
      const steps = (stepResults.get(e.testCaseFinished.testCaseStartedId) ?? []).map((s) => {
        const reason = notRunReasons.get(`${e.testCaseFinished!.testCaseStartedId} ${s.testStepId}`)
        return reason ? { ...s, result: { ...s.result, message: reason } } : s
      })
      const describe = (testStepId: string) => {
        const step = testCase.steps.get(testStepId)
        if (step?.hookId) return `the hook "${hooks.get(step.hookId) ?? 'unnamed'}"`
        const text = pickle.steps.find((s) => s.id === step?.pickleStepId)?.text
        return text ? `the step "${text}"` : 'a step'
      }
      const ids = pickle.tags.map((t) => CCV_TAG.exec(t.name)?.[1]).filter((id): id is string => id !== undefined)
      verdicts.push({
        testCaseStartedId: e.testCaseFinished.testCaseStartedId,
        pickleId: pickle.id,
        uri: pickle.uri,
        name: pickle.name,
        caseId: ids.length === 1 ? ids[0] : undefined,
        ...judge(steps, describe),
        startedAt: start.at,
        finishedAt: millis(e.testCaseFinished.timestamp),
      })
    }
  }
  return verdicts
}

function judge(steps: { testStepId: string; result: TestStepResult }[], describe: (testStepId: string) => string): { status: ScenarioStatus; reason?: string } {
  if (steps.length === 0) return { status: 'broken', reason: 'the scenario has no steps that ran' }
  const worst = steps.reduce((a, b) => (CUCUMBER_RANK.indexOf(b.result.status) > CUCUMBER_RANK.indexOf(a.result.status) ? b : a))
  const where = describe(worst.testStepId)
  const message = firstLine(worst.result.message)
  const status: string = worst.result.status
  switch (status) {
    case 'PASSED':
      return { status: 'passed' }
    case 'FAILED':
      return { status: isAssertion(worst.result) ? 'failed' : 'broken', reason: `${where} failed: ${message || 'no message'}` }
    case 'UNDEFINED':
      return { status: 'broken', reason: `${where} has no step definition, so the case did not run` }
    case 'AMBIGUOUS':
      return { status: 'broken', reason: `${where} matches more than one step definition, so the case did not run` }
    case 'PENDING':
      return { status: 'skipped', reason: `${where} is pending${message && message !== 'pending' ? `: ${message}` : ''}` }
    case 'SKIPPED':
      return { status: 'skipped', reason: `${where} was skipped${message ? `: ${message}` : ''}` }
    default:
      return { status: 'broken', reason: `${where} ended with status ${status}` }
  }
}
