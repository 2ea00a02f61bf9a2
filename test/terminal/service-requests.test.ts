import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isoTimestamp } from '../../src/clock/clock'
import { driveFor } from '../../src/clock/drive'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import { frame } from '../../src/opi/framing'
import type { CardServiceResponse, OpiMessage } from '../../src/opi/messages'
import { money } from '../../src/opi/money'
import { OpiConnection } from '../../src/opi/opi-connection'
import { cardProfile } from '../../src/terminal/cards'
import { bench } from './bench'

const printed = (b: Awaited<ReturnType<typeof bench>>) => b.deviceRequests.filter((r) => r.outputs.some((o) => o.target === 'Printer')).map((r) => r.outputs[0].textLines.map((l) => l.text))

describe('simulated terminal: Login and Logoff', () => {
  it('refuses a payment before Login when the dialect requires one, and takes it after', async () => {
    const b = await bench({ loginRequired: true })
    assert.equal((await b.pay(10)).overallResult, 'Loggedout')
    assert.equal(b.terminal.host.ledger.length, 0, 'nothing reached the host')
    assert.equal((await b.service('Login')).overallResult, 'Success')
    assert.equal((await b.pay(10)).overallResult, 'Success')
  })

  it('accepts a second Login without Logoff, and refuses payments again after Logoff', async () => {
    const b = await bench({ loginRequired: true })
    assert.equal((await b.service('Login')).overallResult, 'Success')
    assert.equal((await b.service('Login')).overallResult, 'Success')
    assert.equal((await b.service('Logoff')).overallResult, 'Success')
    assert.equal((await b.pay(10)).overallResult, 'Loggedout')
  })

  it('keeps sessions per workstation', async () => {
    const b = await bench({ loginRequired: true })
    await b.service('Login', 'LANE-1')
    assert.equal((await b.pay(10, 'Maestro', 'LANE-2')).overallResult, 'Loggedout')
  })

  it('needs no Login in a dialect without it (OPI-NL)', async () => {
    const b = await bench()
    assert.equal((await b.pay(10)).overallResult, 'Success')
  })
})

describe('simulated terminal: GetCardCircuits', () => {
  it('lists the accepted circuits with the names a cashier reads', async () => {
    const response = await (await bench()).service('GetCardCircuits')
    assert.equal(response.overallResult, 'Success')
    assert.deepEqual(response.cardCircuits?.find((c) => c.code === 'MAES'), { code: 'MAES', displayName: 'Maestro' })
    assert.ok((response.cardCircuits?.length ?? 0) >= 4, JSON.stringify(response.cardCircuits))
  })
})

describe('simulated terminal: reconciliation', () => {
  it('reports per-circuit totals of approved payments and prints them, without resetting (X report)', async () => {
    const b = await bench()
    await b.pay(10, 'Maestro')
    await b.pay(2.5, 'Maestro')
    await b.pay(7.25, 'Visa')
    await b.pay(50.05, 'Visa') // declined by the test host: not in the totals
    const response = await b.service('Reconciliation')
    assert.equal(response.overallResult, 'Success')
    assert.deepEqual(response.reconciliation?.totals, [
      { amount: { minor: 1250, currency: 'EUR' }, cardCircuit: 'MAES', paymentType: 'Debit', numberPayments: 2 },
      { amount: { minor: 725, currency: 'EUR' }, cardCircuit: 'VISA', paymentType: 'Debit', numberPayments: 1 },
    ])
    const report = printed(b).at(-1) ?? []
    assert.ok(report.includes('TOTALS (X)') && report.includes('MAES Debit 2x 12.50 EUR'), report.join('\n'))
    assert.deepEqual((await b.service('Reconciliation')).reconciliation?.totals.map((t) => t.numberPayments), [2, 1], 'an X report resets nothing')
  })

  it('reports refunds as credits beside the payments, never netted into them', async () => {
    const b = await bench()
    await b.pay(10, 'Maestro')
    assert.equal((await b.refund(2.5, 'Maestro')).overallResult, 'Success')
    const totals = (await b.service('Reconciliation')).reconciliation?.totals
    assert.deepEqual(totals?.map((t) => [t.cardCircuit, t.paymentType, t.numberPayments, t.amount.minor]), [['MAES', 'Debit', 1, 1000], ['MAES', 'Credit', 1, 250]])
    assert.ok(printed(b).at(-1)?.includes('MAES Credit 1x 2.50 EUR'))
  })

  it('closes the period with ReconciliationWithClosure: the next report starts from zero', async () => {
    const b = await bench()
    await b.pay(10, 'Maestro')
    const closing = await b.service('ReconciliationWithClosure')
    assert.equal(closing.overallResult, 'Success')
    assert.equal(closing.reconciliation?.totals[0]?.numberPayments, 1)
    assert.ok(closing.authorisation?.timeStamp, 'the closure is time-stamped')
    assert.ok(printed(b).at(-1)?.includes('PERIOD CLOSING (Z)'))
    assert.deepEqual((await b.service('Reconciliation')).reconciliation?.totals, [])
    await b.pay(3, 'Visa')
    assert.deepEqual((await b.service('ReconciliationWithClosure')).reconciliation?.totals.map((t) => [t.cardCircuit, t.amount.minor]), [['VISA', 300]])
  })
})

describe('simulated terminal: several requests on one connection', () => {
  it('answers an unreadable request beside a running payment and still delivers the payment answer', async () => {
    const b = await bench()
    await b.client.start()
    const opi = new OpiConnection(await b.transport.connect({ host: 'terminal', port: 4100 }), { format: DEFAULT_WIRE_FORMAT })
    const answers: OpiMessage[] = []
    opi.onMessage((m) => answers.push(m))
    b.cardholder.willPay({ card: cardProfile('Visa'), entry: 'chip', pin: 'correct', reactionMs: 5000 })
    opi.send({ kind: 'CardServiceRequest', requestType: 'CardPayment', requestId: '1', workstationId: 'LANE-1', posData: { posTimeStamp: isoTimestamp(b.clock.now()) }, totalAmount: money(1000) })
    await driveFor(b.clock, 1000)
    opi.connection.write(frame(Buffer.from('<CardServiceRequest RequestType="AbortRequest" RequestID="2" WorkstationID="LANE-1"/>')))
    await driveFor(b.clock, 120_000)
    assert.deepEqual(answers.map((m) => [m.requestId, (m as CardServiceResponse).overallResult]), [['2', 'MissingMandatoryData'], ['1', 'Success']])
    assert.equal(opi.closed, true, 'closed after the last answer owed')
  })
})
