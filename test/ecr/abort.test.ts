import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { AttendedEcr, DEFAULT_MAX_AMOUNT } from '../../src/ecr/attended-ecr'
import { MemoryTransport } from '../../src/link/memory-transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import { ConversationLog } from '../../src/opi/conversation-log'
import type { CardServiceRequest, CardServiceResponse, OverallResult } from '../../src/opi/messages'
import { money } from '../../src/opi/money'
import { OpiConnection } from '../../src/opi/opi-connection'
import { InMemoryJournal } from '../support/in-memory-journal'

const TERMINAL = { host: 'terminal', port: 4100 }
const format = DEFAULT_WIRE_FORMAT

/**
 * A stand-in terminal that answers the payment after `paymentMs` with `paymentResult` (or Aborted if
 * an abort it accepts came first) and answers aborts with `abortResult` after `abortMs`.
 */
async function ecrAgainst(script: { paymentResult: OverallResult; abortResult?: OverallResult; paymentMs?: number; abortMs?: number }) {
  const clock = new VirtualClock()
  const transport = new MemoryTransport(clock)
  const log = new ConversationLog(clock)
  let payment: { opi: OpiConnection; request: CardServiceRequest; timer: { cancel(): void } } | undefined
  const reply = (opi: OpiConnection, request: CardServiceRequest, overallResult: OverallResult, extra: Partial<CardServiceResponse> = {}) =>
    opi.send({ kind: 'CardServiceResponse', requestType: request.requestType, requestId: request.requestId, workstationId: request.workstationId, overallResult, ...extra })
  await transport.listen(TERMINAL, (c) => {
    const opi = new OpiConnection(c, { format })
    opi.onMessage((m) => {
      if (m.kind !== 'CardServiceRequest') return
      if (m.requestType === 'AbortRequest') {
        clock.setTimer(script.abortMs ?? 0, () => {
          reply(opi, m, script.abortResult ?? 'Success')
          if ((script.abortResult ?? 'Success') === 'Success' && payment) { payment.timer.cancel(); reply(payment.opi, payment.request, 'Aborted') }
        })
        return
      }
      const approved = { tender: { totalAmount: m.totalAmount, authorisation: { approvalCode: 'A1B2C3', cardCircuit: 'MAES' } } }
      payment = { opi, request: m, timer: clock.setTimer(script.paymentMs ?? 10_000, () => reply(opi, m, script.paymentResult, script.paymentResult === 'Success' ? approved : {})) }
    })
  })
  const ecr = new AttendedEcr({
    transport, terminal: TERMINAL, deviceListener: { host: 'ecr', port: 4102 }, format,
    workstationId: 'LANE-1', languageCode: 'en', responseTimeoutMs: 330_000, maxAmount: DEFAULT_MAX_AMOUNT,
  }, { clock, log, journal: new InMemoryJournal() })
  const aborts = () => log.messages().filter((m): m is CardServiceRequest => m.kind === 'CardServiceRequest' && m.requestType === 'AbortRequest')
  const payPressingAbortAt = (atMs: number[]) => {
    ecr.openSale(money(1200))
    for (const at of atMs) clock.setTimer(at, () => ecr.pressAbort())
    return driveUntilSettled(clock, ecr.payByCard(), { what: 'payment' })
  }
  return { clock, ecr, log, aborts, payPressingAbortAt }
}

describe('attended ECR: the Abort key', () => {
  it('sends nothing when no payment is running', () => {
    const clock = new VirtualClock()
    const log = new ConversationLog(clock)
    const ecr = new AttendedEcr({
      transport: new MemoryTransport(clock), terminal: TERMINAL, deviceListener: { host: 'ecr', port: 4102 }, format,
      workstationId: 'LANE-1', languageCode: 'en', responseTimeoutMs: 330_000, maxAmount: DEFAULT_MAX_AMOUNT,
    }, { clock, log, journal: new InMemoryJournal() })
    ecr.pressAbort()
    ecr.pressAbort()
    assert.equal(ecr.paymentRunning, false)
    assert.deepEqual(log.entries, [])
  })

  it('sends one abort, under its own id, however often it is pressed while the payment runs', async () => {
    const t = await ecrAgainst({ paymentResult: 'Success', abortMs: 1500 })
    const outcome = await t.payPressingAbortAt([1000, 1000, 1200, 1400, 1600, 1800, 2000, 2200, 2400, 2600])
    assert.deepEqual(t.aborts().map((a) => a.requestId), ['2'])
    assert.equal(outcome.requestId, '1')
    assert.deepEqual([outcome.status, outcome.reason], ['aborted', 'cancelled by the cashier'])
    assert.deepEqual(t.ecr.display.current, ['Payment cancelled', '12.00 EUR, cancelled by the cashier'])
    assert.equal(t.ecr.sale?.isOpen, true)
  })

  it('accepts the approval when the terminal refuses the abort, and never shows the payment as cancelled', async () => {
    const t = await ecrAgainst({ paymentResult: 'Success', abortResult: 'Failure', paymentMs: 5000 })
    const outcome = await t.payPressingAbortAt([1000])
    assert.equal(outcome.status, 'approved')
    assert.equal(t.ecr.sale?.isOpen, false)
    const shown = t.ecr.display.history.map((m) => m.lines.join(' | '))
    assert.deepEqual(shown, ['Abort requested | waiting for the terminal', 'Too late to abort | the payment goes on', 'Payment approved | 12.00 EUR'])
    assert.equal(t.ecr.journal.entries()[0].result, 'approved')
  })

  it('waits for the abort\'s answer when it comes after the payment\'s, and shows the result last', async () => {
    const t = await ecrAgainst({ paymentResult: 'Success', abortResult: 'Failure', paymentMs: 1500, abortMs: 3000 })
    const outcome = await t.payPressingAbortAt([1000])
    assert.equal(outcome.status, 'approved')
    assert.equal(t.clock.now() - Date.UTC(2026, 0, 15, 9), 4000)
    assert.deepEqual(t.ecr.display.current, ['Payment approved', '12.00 EUR'])
  })

  it('does not hold up an ended payment for an abort the terminal never answers', async () => {
    const t = await ecrAgainst({ paymentResult: 'Success', abortResult: 'Failure', paymentMs: 5000, abortMs: 3_600_000 })
    const outcome = await t.payPressingAbortAt([1000])
    assert.equal(outcome.status, 'approved')
    assert.equal(t.clock.now() - Date.UTC(2026, 0, 15, 9), 15_000)
    assert.deepEqual(t.ecr.display.current, ['Payment approved', '12.00 EUR'])
  })

  it('says the customer cancelled when the payment ends Aborted without an abort from the register', async () => {
    const t = await ecrAgainst({ paymentResult: 'Aborted' })
    const outcome = await t.payPressingAbortAt([])
    assert.deepEqual([outcome.status, outcome.reason], ['aborted', 'cancelled by the customer at the terminal'])
    assert.equal(t.aborts().length, 0)
    assert.equal(t.ecr.journal.entries()[0].result, 'aborted')
  })
})

describe('attended ECR: amounts', () => {
  it('refuses a negative sale as negative, pointing to a refund, and sends nothing', async () => {
    const t = await ecrAgainst({ paymentResult: 'Success' })
    t.ecr.openSale(money(-500))
    const outcome = await t.ecr.payByCard()
    assert.deepEqual([outcome.status, outcome.amount.minor], ['refused by register', -500])
    assert.match(String(outcome.reason), /refund/)
    assert.deepEqual(t.log.entries, [])
  })

  it('names the maximum when it refuses an amount one cent above it', async () => {
    const t = await ecrAgainst({ paymentResult: 'Success' })
    t.ecr.openSale(money(DEFAULT_MAX_AMOUNT.minor + 1))
    assert.deepEqual(t.ecr.display.current, [])
    await t.ecr.payByCard()
    assert.deepEqual(t.ecr.display.current, ['Amount not accepted', 'the amount exceeds the maximum of 99999.99 EUR'])
  })

  it('sends the maximum itself, written plainly', async () => {
    const t = await ecrAgainst({ paymentResult: 'Success', paymentMs: 100 })
    t.ecr.openSale(DEFAULT_MAX_AMOUNT)
    const outcome = await driveUntilSettled(t.clock, t.ecr.payByCard(), { what: 'payment' })
    assert.equal(outcome.status, 'approved')
    assert.match(t.log.entries[0].text, /<TotalAmount Currency="EUR">99999\.99<\/TotalAmount>/)
  })
})
