import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Envelope } from '@cucumber/messages'
import { NOT_RUN_REASON_MEDIA_TYPE, parseMessages, scenarioVerdicts } from '../../src/report/run-verdicts'

const at = { seconds: 1, nanos: 0 }

/** The message stream of one scenario whose steps ended as given, the last attempt of `attempts`. */
function stream(results: { status: string; message?: string; exception?: { type: string } }[], attempts = 1): Envelope[] {
  const steps = results.map((_, i) => ({ id: `ts${i}`, pickleStepId: `ps${i}` }))
  const envelopes: unknown[] = [
    { pickle: { id: 'p1', uri: 'features/attended/transactions.feature', name: 'A payment', tags: [{ name: '@ccv:ATT-C1A' }], steps: results.map((_, i) => ({ id: `ps${i}`, text: `step ${i}` })) } },
    { testCase: { id: 'tc1', pickleId: 'p1', testSteps: steps } },
  ]
  for (let a = 1; a <= attempts; a++) {
    envelopes.push({ testCaseStarted: { id: `tcs${a}`, testCaseId: 'tc1', timestamp: at } })
    const outcome = a < attempts ? [{ status: 'FAILED', message: 'flaky' }] : results
    outcome.forEach((r, i) => envelopes.push({ testStepFinished: { testCaseStartedId: `tcs${a}`, testStepId: `ts${i}`, testStepResult: r } }))
    envelopes.push({ testCaseFinished: { testCaseStartedId: `tcs${a}`, timestamp: at, willBeRetried: a < attempts } })
  }
  return envelopes as Envelope[]
}

const verdict = (...results: Parameters<typeof stream>[0]) => {
  const [v] = scenarioVerdicts(stream(results))
  return { status: v.status, reason: v.reason }
}

describe('scenario verdicts from Cucumber messages', () => {
  it('passes a scenario whose every step passed, and files it under its case', () => {
    const [v] = scenarioVerdicts(stream([{ status: 'PASSED' }, { status: 'PASSED' }]))
    assert.equal(v.status, 'passed')
    assert.equal(v.caseId, 'ATT-C1A')
  })
  it('fails on an assertion: a verdict on the integration', () => {
    assert.deepEqual(verdict({ status: 'PASSED' }, { status: 'FAILED', message: 'AssertionError: expected 1 to equal 2\n    at x', exception: { type: 'AssertionError' } }),
      { status: 'failed', reason: 'the step "step 1" failed: AssertionError: expected 1 to equal 2' })
  })
  it('is broken on any other error: the rig, not the integration', () => {
    assert.equal(verdict({ status: 'FAILED', message: 'Error: port in use', exception: { type: 'Error' } }).status, 'broken')
  })
  it('is broken on an undefined or ambiguous step, never passed', () => {
    assert.equal(verdict({ status: 'PASSED' }, { status: 'UNDEFINED' }, { status: 'SKIPPED' }).status, 'broken')
    assert.match(verdict({ status: 'AMBIGUOUS' }).reason ?? '', /step 0" matches more than one step definition/)
  })
  it('is skipped with the reason on a pending step or a step the bench could not do', () => {
    assert.deepEqual(verdict({ status: 'PASSED' }, { status: 'PENDING', message: 'the operator could not pull the cable' }),
      { status: 'skipped', reason: 'the step "step 1" is pending: the operator could not pull the cable' })
    assert.deepEqual(verdict({ status: 'SKIPPED', message: 'operator answered skip' }), { status: 'skipped', reason: 'the step "step 0" was skipped: operator answered skip' })
  })
  it('takes the reason a step attached for not running the case', () => {
    const envelopes = stream([{ status: 'PASSED' }, { status: 'SKIPPED' }])
    envelopes.splice(-2, 0, { attachment: { testCaseStartedId: 'tcs1', testStepId: 'ts1', mediaType: NOT_RUN_REASON_MEDIA_TYPE, body: 'the operator answered "could not": no Maestro test card at hand' } } as Envelope)
    assert.deepEqual(scenarioVerdicts(envelopes).map((v) => [v.status, v.reason]),
      [['skipped', 'the step "step 1" was skipped: the operator answered "could not": no Maestro test card at hand']])
  })
  it('counts only the last attempt of a retried scenario', () => {
    const verdicts = scenarioVerdicts(stream([{ status: 'PASSED' }], 2))
    assert.deepEqual(verdicts.map((v) => v.status), ['passed'])
  })
  it('reads a stream whose last line was cut off', () => {
    const text = stream([{ status: 'PASSED' }]).map((e) => JSON.stringify(e)).join('\n') + '\n{"testRunFinished":'
    assert.equal(scenarioVerdicts(parseMessages(text)).length, 1)
  })
})
