import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sleep } from '../../src/clock/clock'
import { driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { OpiClient } from '../../src/ecr/opi-client'
import { MemoryTransport } from '../../src/link/memory-transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import { ConversationLog } from '../../src/opi/conversation-log'
import type { CardServiceRequest, CardServiceRequestType, DeviceRequest, DeviceResponse, DeviceResult } from '../../src/opi/messages'
import { money, type Money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import { ScriptedCardholder } from '../../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../../src/terminal/simulated-terminal'
import type { TerminalSettings } from '../../src/terminal/terminal-settings'
import { UNATTENDED_TERMINAL_SETTINGS } from '../../src/terminal/unattended/unattended-profile'

const maestro = cardProfile('Maestro')

/** The unattended terminal on its own, driven by a bare OPI client whose devices answer as told. */
async function bench(settings: Partial<TerminalSettings> = {}, deliveryResult: DeviceResult = 'Success') {
  const clock = new VirtualClock()
  const transport = new MemoryTransport(clock)
  const log = new ConversationLog(clock)
  const terminal = new SimulatedTerminal({
    transport, clock, channel0: { host: 't', port: 4100 }, ecrDevices: { host: 'e', port: 4102 }, format: DEFAULT_WIRE_FORMAT, seed: 7,
    settings: { ...UNATTENDED_TERMINAL_SETTINGS, ...settings },
  })
  const shown: DeviceRequest[] = []
  const client = new OpiClient({
    transport, clock, terminal: { host: 't', port: 4100 }, deviceListener: { host: 'e', port: 4102 }, format: DEFAULT_WIRE_FORMAT, responseTimeoutMs: 330_000, log,
  }, (request) => {
    shown.push(request)
    const outResult = request.outputs.some((o) => o.target === 'DeliveryBox') ? deliveryResult : 'Success'
    return Promise.resolve<DeviceResponse>({
      kind: 'DeviceResponse', requestType: request.requestType, requestId: request.requestId, workstationId: request.workstationId,
      overallResult: outResult === 'Success' ? 'Success' : 'Failure', outputs: request.outputs.map((o) => ({ target: o.target, outResult })),
    })
  })
  await terminal.start()
  const cardholder = new ScriptedCardholder(terminal.face, clock)
  cardholder.willPay({ card: maestro, entry: 'chip', pin: 'correct', reactionMs: 1000 })
  await client.start()
  let n = 0
  const request = (requestType: CardServiceRequestType, amount: Money, extra: Partial<CardServiceRequest> = {}) => client.request({
    kind: 'CardServiceRequest', requestType, requestId: String(++n), workstationId: 'M', posData: { posTimeStamp: '2026-01-15T09:00:00', languageCode: 'de' }, totalAmount: amount, ...extra,
  })
  const send = (requestType: CardServiceRequestType, amount: Money, extra: Partial<CardServiceRequest> = {}) =>
    driveUntilSettled(clock, request(requestType, amount, extra), { what: requestType })
  /** The period's totals as the terminal reports them: circuit, direction, count, amount in cents. */
  const totals = async (requestType: 'Reconciliation' | 'ReconciliationWithClosure') => {
    const answer = await driveUntilSettled(clock, client.request({
      kind: 'ServiceRequest', requestType, requestId: String(++n), workstationId: 'M', posData: { posTimeStamp: '2026-01-15T09:00:00', languageCode: 'de' },
    }), { what: requestType })
    assert.equal(answer.overallResult, 'Success', requestType)
    return (answer.reconciliation?.totals ?? []).map((t) => [t.cardCircuit, t.paymentType, t.numberPayments, t.amount.minor])
  }
  const reserveAndComplete = async (reserve: Money, complete: Money) => {
    const reserved = await send('CardPreAuthorisation', reserve)
    assert.equal(reserved.overallResult, 'Success', 'reserved')
    const completed = await send('CardFinancialAdvice', complete, { originalTransaction: { stan: reserved.terminal?.stan, approvalCode: reserved.tender?.authorisation?.approvalCode } })
    assert.equal(completed.overallResult, 'Success', 'completed')
  }
  return { terminal, send, request, clock, shown, log, cardholder, totals, reserveAndComplete }
}

describe('unattended terminal: pre-authorisation and completion', () => {
  it('reserves, then captures exactly the completed amount and releases the rest', async () => {
    const { terminal, send } = await bench()
    const reserved = await send('CardPreAuthorisation', money(5000))
    assert.equal(reserved.overallResult, 'Success')
    const original = { stan: reserved.terminal?.stan, approvalCode: reserved.tender?.authorisation?.approvalCode }
    const completed = await send('CardFinancialAdvice', money(1234), { originalTransaction: original })
    assert.equal(completed.overallResult, 'Success')
    assert.deepEqual(terminal.host.reservations.map((r) => [r.state, r.approved.minor, r.captured?.minor]), [['captured', 5000, 1234]])
  })

  it('approves partially when the card has less, and declines instead when partial approval is off', async () => {
    const partial = await bench()
    partial.terminal.host.setAvailableFunds(maestro, money(2000))
    const answer = await partial.send('CardPreAuthorisation', money(5000))
    assert.deepEqual([answer.overallResult, answer.tender?.totalAmount?.minor], ['Success', 2000])

    const whole = await bench({ partialApproval: false })
    whole.terminal.host.setAvailableFunds(maestro, money(2000))
    const refused = await whole.send('CardPreAuthorisation', money(5000))
    assert.deepEqual([refused.overallResult, refused.tender?.authorisation?.actionCode], ['Failure', '51'])
    assert.equal(whole.terminal.host.reservations.length, 0)
  })

  it('refuses a completion above the reservation, and a second completion of the same reservation', async () => {
    const { terminal, send } = await bench()
    const reserved = await send('CardPreAuthorisation', money(3000))
    const original = { stan: reserved.terminal?.stan, approvalCode: reserved.tender?.authorisation?.approvalCode }
    const tooMuch = await send('CardFinancialAdvice', money(3001), { originalTransaction: original })
    assert.equal(tooMuch.overallResult, 'Failure')
    assert.equal(terminal.host.reservations[0].state, 'open')
    assert.equal((await send('CardFinancialAdvice', money(0), { originalTransaction: original })).overallResult, 'Success')
    const again = await send('CardFinancialAdvice', money(100), { originalTransaction: original })
    assert.deepEqual([again.overallResult, terminal.host.reservations[0].state], ['Failure', 'released'])
  })

  it('answers MissingMandatoryData to a completion that names no reservation', async () => {
    const { send } = await bench()
    assert.equal((await send('CardFinancialAdvice', money(100))).overallResult, 'MissingMandatoryData')
  })

  it('prompts the cardholder on the customer display, in the language asked for', async () => {
    const { shown, send, log } = await bench()
    await send('CardPreAuthorisation', money(5000))
    const prompts = shown.flatMap((r) => r.outputs)
    assert.ok(prompts.length > 0 && prompts.every((o) => o.target === 'CustomerDisplay'))
    assert.equal(prompts[0].textLines[0].text, 'Karte vorhalten')
    for (const entry of log.entries) assert.ok(!entry.text.includes(maestro.pan), `unmasked PAN in ${entry.summary}`)
  })
})

describe('unattended terminal: captured completions in the period totals', () => {
  it('counts a captured completion once, for the captured amount, as a debit of its circuit beside the payments', async () => {
    const { send, totals, reserveAndComplete, cardholder } = await bench()
    assert.equal((await send('CardPayment', money(250))).overallResult, 'Success')
    await reserveAndComplete(money(5000), money(1234))
    cardholder.willPay({ card: cardProfile('Visa'), entry: 'chip', pin: 'correct', reactionMs: 1000 })
    await reserveAndComplete(money(5000), money(0)) // released whole: nothing taken
    assert.equal((await send('CardPreAuthorisation', money(5000))).overallResult, 'Success') // still open: nothing taken yet
    assert.deepEqual(await totals('Reconciliation'), [['MAES', 'Debit', 2, 1484]])
    assert.deepEqual(await totals('ReconciliationWithClosure'), [['MAES', 'Debit', 2, 1484]], 'an X report counted nothing twice')
    assert.deepEqual(await totals('Reconciliation'), [], 'closed: the completion is not counted again')
  })

  it('counts a completion in the period it was captured in, not the one the reservation was made in', async () => {
    const { send, totals } = await bench()
    const reserved = await send('CardPreAuthorisation', money(5000))
    assert.deepEqual(await totals('ReconciliationWithClosure'), [], 'a reservation alone moved no money')
    await send('CardFinancialAdvice', money(1234), { originalTransaction: { stan: reserved.terminal?.stan, approvalCode: reserved.tender?.authorisation?.approvalCode } })
    assert.deepEqual(await totals('ReconciliationWithClosure'), [['MAES', 'Debit', 1, 1234]])
    assert.deepEqual(await totals('ReconciliationWithClosure'), [])
  })

  it('prints the captured amount on the closing report', async () => {
    const { shown, totals, reserveAndComplete } = await bench()
    await reserveAndComplete(money(5000), money(1234))
    await totals('ReconciliationWithClosure')
    const report = shown.filter((r) => r.outputs.some((o) => o.target === 'Printer')).at(-1)?.outputs[0].textLines.map((l) => l.text) ?? []
    assert.ok(report.includes('PERIOD CLOSING (Z)') && report.includes('MAES Debit 1x 12.34 EUR'), report.join('\n'))
  })
})

describe('unattended terminal: payment with delivery box', () => {
  it('keeps the payment when the machine delivered', async () => {
    const { terminal, send, shown } = await bench()
    const answer = await send('CardPayment', money(500))
    assert.equal(answer.overallResult, 'Success')
    assert.ok(shown.some((r) => r.outputs.some((o) => o.target === 'DeliveryBox')))
    assert.equal(terminal.host.approvedTotal(), 500)
  })

  it('takes the payment back and answers Failure when the machine could not deliver', async () => {
    const { terminal, send } = await bench({}, 'Failure')
    const answer = await send('CardPayment', money(500))
    assert.equal(answer.overallResult, 'Failure')
    assert.deepEqual(terminal.host.ledger.map((a) => [a.decision.approved, a.reversed]), [[true, true]])
    assert.equal(terminal.host.approvedTotal(), 0)
  })
})

describe('unattended terminal: abort', () => {
  it('refuses an abort with nothing running', async () => {
    const { send } = await bench()
    const answer = await send('AbortRequest', money(0), { totalAmount: undefined })
    assert.deepEqual([answer.overallResult, answer.privateData?.errorText], ['Failure', 'no request is running'])
  })

  it('stops a reservation still waiting for the card: the abort is taken and the reservation ends Aborted', async () => {
    const { terminal, request, clock } = await bench()
    // Half a second in, the cardholder (who reacts after a second) has not presented the card yet.
    const both = Promise.all([request('CardPreAuthorisation', money(5000)), sleep(clock, 500).then(() => request('AbortRequest', money(0), { totalAmount: undefined }))])
    const [reserved, aborted] = await driveUntilSettled(clock, both, { what: 'a reservation and its abort' })
    assert.deepEqual([reserved.overallResult, aborted.overallResult], ['Aborted', 'Success'])
    assert.equal(terminal.host.reservations.length, 0)
  })
})
