// PaymentRefund and PaymentReversal through the real OPI client, on the virtual clock.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isoTimestamp } from '../../src/clock/clock'
import { driveFor, driveUntilSettled } from '../../src/clock/drive'
import type { CardServiceRequest, CardServiceRequestType, CardServiceResponse, OriginalTransaction } from '../../src/opi/messages'
import { money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import type { CardholderPlan } from '../../src/terminal/scripted-cardholder'
import { bench } from './bench'

const maestro = cardProfile('Maestro')

/** The protocol bench, with every printer of the register announced and a way to send any card-service request. */
async function refundBench() {
  const b = await bench()
  let id = 0
  const request = (requestType: CardServiceRequestType, extra: { minor?: number; original?: OriginalTransaction } = {}): CardServiceRequest => ({
    kind: 'CardServiceRequest', requestType, requestId: String(++id), workstationId: 'LANE-1',
    posData: { posTimeStamp: isoTimestamp(b.clock.now()), languageCode: 'en', printerStatus: 'Available', journalPrinterStatus: 'Available', eJournalStatus: 'Available' },
    ...(extra.minor === undefined ? {} : { totalAmount: money(extra.minor) }),
    ...(extra.original ? { originalTransaction: extra.original } : {}),
  })
  const send = (r: CardServiceRequest): Promise<CardServiceResponse> => driveUntilSettled(b.clock, b.client.request(r), { what: r.requestType })
  const cardholder = (plan: Partial<CardholderPlan> = {}) => b.cardholder.willPay({ card: maestro, entry: 'chip', pin: 'correct', reactionMs: 1000, ...plan })
  return {
    ...b,
    pay: (minor: number) => { cardholder(); return send(request('CardPayment', { minor })) },
    refund: (minor: number, plan?: Partial<CardholderPlan>) => { cardholder(plan); return send(request('PaymentRefund', { minor })) },
    reverse: (original: OriginalTransaction, minor?: number) => send(request('PaymentReversal', { original, minor })),
    request, send,
    printedOn: (target: string) => b.deviceRequests.flatMap((r) => r.outputs.filter((o) => o.target === target).map((o) => o.textLines.map((l) => l.text))),
    cashierLines: () => b.deviceRequests.flatMap((r) => r.outputs.filter((o) => o.target === 'CashierDisplay').map((o) => o.textLines.map((l) => l.text).join(' / '))),
  }
}

describe('simulated terminal: PaymentRefund', () => {
  it('reads the card, credits it on the host, prints a REFUND ticket for customer and merchant, and answers like a payment', async () => {
    const b = await refundBench()
    const answer = await b.refund(500)
    assert.equal(answer.overallResult, 'Success', answer.privateData?.errorText)
    assert.equal(answer.requestType, 'PaymentRefund')
    assert.match(answer.terminal?.stan ?? '', /^\d{6}$/)
    assert.deepEqual(answer.tender?.totalAmount, money(500))
    assert.equal(answer.tender?.authorisation?.cardPan, '***************0018')
    assert.equal(answer.tender?.authorisation?.cardCircuit, 'MAES')
    assert.match(answer.tender?.authorisation?.approvalCode ?? '', /^[A-Z0-9]{6}$/)

    const ledger = b.terminal.host.ledger.map((a) => ({ stan: a.stan, minor: a.amount.minor, credit: a.credit, approved: a.decision.approved }))
    assert.deepEqual(ledger, [{ stan: answer.terminal?.stan, minor: 500, credit: true, approved: true }])
    assert.deepEqual([b.terminal.host.approvedTotal(), b.terminal.host.refundedTotal(), b.terminal.host.netTotal()], [0, 500, -500])

    const [customer] = b.printedOn('Printer')
    const [merchant] = b.printedOn('JournalPrinter')
    for (const [copy, lines] of [['CUSTOMER COPY', customer], ['MERCHANT COPY', merchant]] as const) {
      assert.ok(lines.includes('REFUND'), `${copy}: ${lines.join(' | ')}`)
      assert.ok(lines.includes('Amount      EUR 5.00') && lines.includes(copy), lines.join(' | '))
      assert.ok(!lines.some((l) => l.includes(maestro.pan)), 'a full card number was printed')
    }
    assert.deepEqual(b.cashierLines().filter((l) => /^(Present card|Cardholder enters PIN|Refunded)/.test(l)), ['Present card / Refund 5.00 EUR', 'Cardholder enters PIN', 'Refunded / 5.00 EUR'])
    assert.equal(b.terminal.face.screen.prompt, 'remove card', 'the chip card is asked for back')
    await driveFor(b.clock, 2000)
    assert.equal(b.terminal.face.cardInReader, undefined, 'the cardholder took the card')
  })

  it('takes a tap without PIN up to the contactless limit', async () => {
    const b = await refundBench()
    const answer = await b.refund(1000, { entry: 'contactless', pin: 'none' })
    assert.equal(answer.overallResult, 'Success')
    assert.ok(!b.cashierLines().includes('Cardholder enters PIN'))
    assert.ok(b.printedOn('Printer')[0].includes('Entry       contactless'))
  })

  it('ends Aborted when the cardholder presses Stop at the PIN prompt: nothing credited, nothing printed', async () => {
    const b = await refundBench()
    const answer = await b.refund(500, { pin: 'stop' })
    assert.deepEqual([answer.overallResult, answer.privateData?.errorText], ['Aborted', 'cancelled by the cardholder'])
    assert.equal(b.terminal.host.ledger.length, 0)
    assert.deepEqual(b.printedOn('Printer'), [])
    assert.deepEqual(b.cashierLines().slice(-2), ['Cancelled by cardholder', 'Remove card'])
  })

  it('times out when no card comes, and says so', async () => {
    const b = await refundBench()
    const answer = await b.send(b.request('PaymentRefund', { minor: 500 }))
    assert.deepEqual([answer.overallResult, answer.privateData?.errorText], ['TimedOut', 'no card presented'])
    assert.equal(b.terminal.host.ledger.length, 0)
  })

  it('ends Aborted when the register aborts it while the card is awaited', async () => {
    const b = await refundBench()
    const refunding = b.client.request(b.request('PaymentRefund', { minor: 500 }))
    await driveFor(b.clock, 2000)
    assert.equal(b.terminal.state, 'waiting for card')
    const aborted = await driveUntilSettled(b.clock, b.client.request(b.request('AbortRequest')), { what: 'abort' })
    const answer = await driveUntilSettled(b.clock, refunding, { what: 'refund' })
    assert.deepEqual([aborted.overallResult, answer.overallResult, answer.privateData?.errorText], ['Success', 'Aborted', 'cancelled by the cashier'])
    assert.equal(b.terminal.host.ledger.length, 0)
  })

  it('answers TimedOut "host not reachable" when the host does not answer, crediting nothing', async () => {
    const b = await refundBench()
    b.terminal.host.reachable = false
    const answer = await b.refund(500)
    assert.deepEqual([answer.overallResult, answer.privateData?.errorText], ['TimedOut', 'host not reachable'])
    assert.equal(b.terminal.host.refundedTotal(), 0)
    assert.ok(b.cashierLines().includes('Host not reachable / Refund not completed'))
  })

  it('is declined by the test host\'s decline trigger (50.05), with a declined ticket', async () => {
    const b = await refundBench()
    const answer = await b.refund(5005)
    assert.deepEqual([answer.overallResult, answer.tender?.authorisation?.actionCode], ['Failure', '05'])
    assert.equal(b.terminal.host.refundedTotal(), 0)
    assert.ok(b.printedOn('Printer')[0].includes('DECLINED    (code 05)'))
  })

  it('is reported as a Credit total of its circuit beside the payments, not netted out of them', async () => {
    const b = await refundBench()
    await b.pay(2000)
    await b.refund(500)
    const totals = (await b.service('Reconciliation')).reconciliation?.totals
    assert.deepEqual(totals?.map((t) => [t.cardCircuit, t.paymentType, t.amount.minor, t.numberPayments]), [['MAES', 'Debit', 2000, 1], ['MAES', 'Credit', 500, 1]])
  })
})

describe('simulated terminal: PaymentReversal', () => {
  it('reverses the last payment named by its STAN without a card: the host shows it reversed, nothing is charged', async () => {
    const b = await refundBench()
    const paid = await b.pay(1250)
    const stan = paid.terminal!.stan!
    b.cardholder.willPay({ card: maestro, entry: 'chip', pin: 'stop', reactionMs: 1000 }) // would end it, had a card been asked for
    const screens: string[] = []
    b.terminal.face.onScreen((s) => screens.push(s.prompt))
    const reversed = await b.reverse({ stan, approvalCode: paid.tender?.authorisation?.approvalCode })
    assert.equal(reversed.overallResult, 'Success', reversed.privateData?.errorText)
    assert.ok(!screens.includes('present card'), `the terminal asked for a card: ${screens.join(', ')}`)
    assert.notEqual(reversed.terminal?.stan, stan, 'the reversal has its own trace number')
    assert.deepEqual(reversed.tender?.totalAmount, money(1250))
    assert.equal(reversed.tender?.authorisation?.cardPan, '***************0018')
    assert.deepEqual(b.terminal.host.ledger.map((a) => [a.stan, a.amount.minor, a.decision.approved, a.reversed]), [[stan, 1250, true, true]])
    assert.equal(b.terminal.host.approvedTotal(), 0)
    const ticket = b.printedOn('Printer').at(-1)!
    assert.ok(ticket.includes('REVERSAL') && ticket.includes(`Reverses    ${stan}`) && ticket.includes('Amount      EUR 12.50'), ticket.join(' | '))
    assert.ok(b.printedOn('JournalPrinter').at(-1)!.includes('MERCHANT COPY'))
    assert.deepEqual((await b.service('Reconciliation')).reconciliation?.totals, [], 'a reversed payment settles nothing')
  })

  it('accepts the STAN without its leading zeros', async () => {
    const b = await refundBench()
    const paid = await b.pay(1000)
    assert.equal((await b.reverse({ stan: String(Number(paid.terminal!.stan)) })).overallResult, 'Success')
  })

  it('refuses a STAN that is not the last payment, and reverses nothing', async () => {
    const b = await refundBench()
    const first = await b.pay(1000)
    const second = await b.pay(2000)
    const refused = await b.reverse({ stan: first.terminal!.stan! })
    assert.equal(refused.overallResult, 'Failure')
    assert.match(refused.privateData?.errorText ?? '', new RegExp(`trace ${first.terminal!.stan} is not the last approved payment \\(that is trace ${second.terminal!.stan}\\)`))
    assert.equal(b.terminal.host.approvedTotal(), 3000)
    assert.ok(b.terminal.host.ledger.every((a) => !a.reversed))
  })

  it('refuses to reverse the same payment twice', async () => {
    const b = await refundBench()
    const paid = await b.pay(1000)
    assert.equal((await b.reverse({ stan: paid.terminal!.stan! })).overallResult, 'Success')
    const printedBefore = b.printedOn('Printer').length
    const again = await b.reverse({ stan: paid.terminal!.stan! })
    assert.deepEqual([again.overallResult, again.privateData?.errorText], ['Failure', `the payment with trace ${paid.terminal!.stan} is already reversed`])
    assert.equal(b.printedOn('Printer').length, printedBefore, 'a refused reversal prints nothing')
  })

  it('refuses when there is nothing to reverse, a part of the amount, or no STAN at all', async () => {
    const b = await refundBench()
    const nothing = await b.reverse({ stan: '000001' })
    assert.deepEqual([nothing.overallResult, nothing.privateData?.errorText], ['Failure', 'there is no approved payment to reverse'])
    const paid = await b.pay(1000)
    const part = await b.reverse({ stan: paid.terminal!.stan! }, 400)
    assert.deepEqual([part.overallResult, part.privateData?.errorText], ['Failure', 'a reversal takes back the whole payment of 10.00 EUR, not 4.00 EUR'])
    assert.equal((await b.reverse({})).overallResult, 'MissingMandatoryData')
    assert.equal(b.terminal.host.approvedTotal(), 1000)
  })

  it('answers TimedOut "host not reachable" when the host does not answer, leaving the payment standing', async () => {
    const b = await refundBench()
    const paid = await b.pay(1000)
    b.terminal.host.reachable = false
    const answer = await b.reverse({ stan: paid.terminal!.stan! })
    assert.deepEqual([answer.overallResult, answer.privateData?.errorText], ['TimedOut', 'host not reachable'])
    assert.equal(b.terminal.host.approvedTotal(), 1000)
  })
})
