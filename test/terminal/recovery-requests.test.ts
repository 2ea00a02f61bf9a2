import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveFor, driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { OpiClient, ResultUnknown } from '../../src/ecr/opi-client'
import { MemoryTransport } from '../../src/link/memory-transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import type { CardServiceRequest, CardServiceResponse, DeviceRequest, DeviceResponse, DeviceResult, PosData } from '../../src/opi/messages'
import { money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import { ScriptedCardholder } from '../../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../../src/terminal/simulated-terminal'

const channel0 = { host: 'terminal', port: 4100 }
const channel1 = { host: 'ecr', port: 4102 }

/** A bare register: answers every device output with `printerAnswer` for printers, Success otherwise, and every question with `yes`. */
async function bench(options: { printerAnswer?: DeviceResult; yes?: boolean; silentCashier?: boolean } = {}) {
  const clock = new VirtualClock()
  const transport = new MemoryTransport(clock)
  const terminal = new SimulatedTerminal({ transport, clock, channel0, ecrDevices: channel1, format: DEFAULT_WIRE_FORMAT, seed: 7 })
  await terminal.start()
  new ScriptedCardholder(terminal.face, clock).willPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 1000 })
  const outputs: DeviceRequest[] = []
  const client = new OpiClient({ transport, clock, terminal: channel0, deviceListener: channel1, format: DEFAULT_WIRE_FORMAT, responseTimeoutMs: 330_000 }, (request) => {
    outputs.push(request)
    if (request.input && options.silentCashier) return new Promise<DeviceResponse>(() => undefined)
    const results = request.outputs.map((o) => ({ target: o.target, outResult: (o.target === 'Printer' ? options.printerAnswer ?? 'Success' : 'Success') }))
    const response: DeviceResponse = {
      kind: 'DeviceResponse', requestType: request.requestType, requestId: request.requestId, workstationId: request.workstationId,
      overallResult: results.every((r) => r.outResult === 'Success') ? 'Success' : 'Failure', outputs: results,
      input: request.input && { target: request.input.target, inResult: 'Success', value: { boolean: options.yes ?? true } },
    }
    return Promise.resolve(response)
  })
  await client.start()
  let id = 0
  const send = (requestType: CardServiceRequest['requestType'], minor?: number, pos: Partial<PosData> = {}): Promise<CardServiceResponse> =>
    driveUntilSettled(clock, client.request({
      kind: 'CardServiceRequest', requestType, requestId: String(++id), workstationId: 'LANE-1',
      posData: { posTimeStamp: '2026-01-15T09:00:00', printerStatus: 'Available', journalPrinterStatus: 'Available', eJournalStatus: 'Available', ...pos },
      totalAmount: minor === undefined ? undefined : money(minor),
    }), { what: requestType })
  const printed = (target: string) => outputs.flatMap((r) => r.outputs.filter((o) => o.target === target).map((o) => o.textLines.map((l) => l.text)))
  return { clock, terminal, send, printed }
}

describe('simulated terminal: recovery requests', () => {
  it('has nothing to repeat before its first payment', async () => {
    const { send } = await bench()
    const answer = await send('RepeatLastMessage')
    assert.deepEqual([answer.overallResult, answer.originalHeader], ['Failure', undefined])
  })

  it('repeats its last answer with OriginalHeader naming the payment', async () => {
    const { send } = await bench()
    const paid = await send('CardPayment', 1000)
    const repeated = await send('RepeatLastMessage')
    assert.deepEqual(repeated.originalHeader, { requestId: '1', requestType: 'CardPayment', workstationId: 'LANE-1' })
    assert.deepEqual([repeated.requestId, repeated.requestType, repeated.overallResult], ['2', 'RepeatLastMessage', 'Success'])
    assert.deepEqual(repeated.tender, paid.tender)
  })

  it('owes the ticket the printer failed, refuses the next payment with PrintLastTicket until reprinted', async () => {
    const { send, terminal } = await bench({ printerAnswer: 'Failure' })
    assert.equal((await send('CardPayment', 1000)).overallResult, 'Success')
    assert.equal((await send('RepeatLastMessage')).overallResult, 'PrintLastTicket')
    assert.equal((await send('CardPayment', 500)).overallResult, 'PrintLastTicket')
    assert.equal((await send('TicketReprint')).overallResult, 'Failure')
    assert.equal(terminal.memory.ticketOwed, true)
    assert.equal(terminal.host.ledger.length, 1)
  })

  it('owes the ticket when the register says its printer is out of paper, and reprints it as a marked copy', async () => {
    const { send, printed } = await bench()
    await send('CardPayment', 1600, { printerStatus: 'PaperEmpty' })
    assert.deepEqual(printed('Printer'), [])
    assert.equal((await send('TicketReprint', undefined, { printerStatus: 'PaperEmpty' })).overallResult, 'DeviceUnavailable')
    assert.equal((await send('TicketReprint')).overallResult, 'Success')
    const [copy] = printed('Printer')
    assert.equal(copy[0], '*** COPY ***')
    assert.ok(copy.includes('Amount      EUR 16.00'))
    assert.equal((await send('CardPayment', 500)).overallResult, 'Success')
  })

  it('prints on a printer that is low on paper, and owes nothing', async () => {
    const { send, printed, terminal } = await bench()
    assert.equal((await send('CardPayment', 1000, { printerStatus: 'PaperLow' })).overallResult, 'Success')
    assert.equal(printed('Printer').length, 1)
    assert.equal(terminal.memory.ticketOwed, false)
  })

  it('has no ticket to reprint before its first payment', async () => {
    const { send } = await bench()
    assert.equal((await send('TicketReprint')).overallResult, 'Failure')
  })

  it('refuses payments Busy while its merchant menu is open', async () => {
    const { send, terminal } = await bench()
    terminal.faults.occupiedWith = 'its merchant menu'
    assert.equal((await send('CardPayment', 1000)).overallResult, 'Busy')
  })

  it('refuses payments DeviceUnavailable while serving another workstation', async () => {
    const { send, terminal } = await bench()
    terminal.faults.occupiedWith = 'another workstation\'s payment'
    assert.equal((await send('CardPayment', 1000)).overallResult, 'DeviceUnavailable')
  })

  it('accepts a payment and never answers when silent', async () => {
    const { send, terminal } = await bench()
    terminal.faults.silent = true
    await assert.rejects(send('CardPayment', 1000), ResultUnknown)
    assert.equal(terminal.host.ledger.length, 0)
  })

  it('finishes an authorised payment when the cable comes out before its answer, and remembers it', async () => {
    const { send, terminal } = await bench()
    terminal.faults.linkDrop = { moment: 'before the answer', forMs: 20_000 }
    await assert.rejects(send('CardPayment', 2000), ResultUnknown)
    assert.equal(terminal.memory.lastResponse?.overallResult, 'Success')
    assert.equal(terminal.cableOut, true)
  })

  it('carries on for the cardholder while the cable is out, and then owes the ticket', async () => {
    const { send, terminal, printed, clock } = await bench()
    terminal.faults.linkDrop = { moment: 'payment started', forMs: 60_000 }
    await assert.rejects(send('CardPayment', 2000), ResultUnknown)
    await driveFor(clock, 30_000) // the cardholder pays on the terminal while the cable is still out
    assert.deepEqual(printed('Printer'), [])
    assert.equal(terminal.host.approvedTotal(), 2000)
    assert.equal(terminal.memory.ticketOwed, true)
  })

  it('asks the cashier to check the signature at 50.01 and reverses the payment when refused', async () => {
    const { send, terminal, printed } = await bench({ yes: false })
    const answer = await send('CardPayment', 5001)
    assert.equal(answer.overallResult, 'Aborted')
    assert.ok(printed('Printer')[0].includes('Cardholder signature:'))
    assert.equal(terminal.host.approvedTotal(), 0)
  })

  it('cancels and reverses when the cashier never answers the identification question', async () => {
    const { send, terminal } = await bench({ silentCashier: true })
    assert.equal((await send('CardPayment', 5002)).overallResult, 'Aborted')
    assert.equal(terminal.host.approvedTotal(), 0)
  })

  it('approves 50.03 when the cashier confirms both the signature and the identification', async () => {
    const { send, terminal } = await bench({ yes: true })
    assert.equal((await send('CardPayment', 5003)).overallResult, 'Success')
    assert.equal(terminal.host.approvedTotal(), 5003)
  })
})
