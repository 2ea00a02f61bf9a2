// A terminal runs one request at a time, service requests included: money taken while a period closes
// would land in neither Z report.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveFor } from '../../src/clock/drive'
import { cardProfile } from '../../src/terminal/cards'
import { bench } from '../terminal/bench'

describe('simulated terminal: one request at a time', () => {
  it('refuses a payment with DeviceUnavailable while ReconciliationWithClosure waits for its printer; every approved payment is in exactly one period', async () => {
    const b = await bench({ deviceAnswerMs: 5_000 })
    await b.client.start()
    assert.equal((await b.pay(10)).overallResult, 'Success')
    const closing = b.startService('ReconciliationWithClosure')
    await driveFor(b.clock, 1_000)
    b.cardholder.willPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 1000 })
    const during = await b.run(b.startPayment(30))
    const firstZ = await b.run(closing)
    assert.deepEqual([during.overallResult, during.kind === 'CardServiceResponse' ? during.privateData?.errorText : ''], ['DeviceUnavailable', 'busy with request 102'])
    const nextZ = await b.service('ReconciliationWithClosure')
    const approved = b.terminal.host.ledger.filter((e) => e.decision.approved).reduce((sum, e) => sum + e.amount.minor, 0)
    const reported = [firstZ, nextZ].flatMap((z) => z.reconciliation?.totals ?? []).reduce((sum, t) => sum + t.amount.minor, 0)
    assert.deepEqual({ approved, reported, first: firstZ.reconciliation?.totals.map((t) => t.amount.minor) }, { approved: 1000, reported: 1000, first: [1000] })
  })

  it('refuses a closure from another lane while the first one prints', async () => {
    const b = await bench({ deviceAnswerMs: 5_000 })
    await b.client.start()
    const closing = b.startService('ReconciliationWithClosure')
    await driveFor(b.clock, 1_000)
    const second = await b.run(b.startService('ReconciliationWithClosure', 'LANE-2'))
    assert.equal(second.overallResult, 'DeviceUnavailable')
    assert.equal((await b.run(closing)).overallResult, 'Success')
    assert.equal((await b.service('GetStatus')).overallResult, 'Success', 'idle again once the report is printed')
  })
})
