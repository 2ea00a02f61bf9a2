import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { DeviceRequestDispatcher } from '../../src/ecr/device-request-dispatcher'
import { CashierDisplay } from '../../src/ecr/peripherals/cashier-display'
import { InMemoryJournal } from '../support/in-memory-journal'
import { ReceiptPrinter } from '../../src/ecr/peripherals/printer'
import { money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import { SimulatedRig } from '../../support/simulated-rig'

const rigs: SimulatedRig[] = []
after(() => rigs.forEach((r) => r.dispose()))

async function rig() {
  const r = await SimulatedRig.create({ terminal: 'simulated', link: 'memory', dialect: 'nl', seed: 3 })
  rigs.push(r)
  await r.start()
  r.cardholder.willPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 1000 })
  return r
}

const requestIds = (r: SimulatedRig) => r.log.messages().filter((m) => m.kind === 'CardServiceRequest').map((m) => m.requestId)

describe('reference register: recovery, restart and split bills', () => {
  it('holds a new payment while the last result is unknown', async () => {
    const r = await rig()
    r.terminal.faults.silent = true
    r.ecr.openSale(money(2000))
    assert.equal((await r.run('lost payment', () => r.ecr.payByCard())).status, 'unknown')
    r.ecr.openSale(money(500))
    const next = await r.run('next payment', () => r.ecr.payByCard())
    assert.equal(next.status, 'blocked')
    assert.equal(r.log.messages().filter((m) => m.kind === 'CardServiceRequest' && m.requestType === 'CardPayment').length, 1)
  })

  it('recovers an answer lost on the way back by itself, without paying again', async () => {
    const r = await rig()
    r.terminal.faults.linkDrop = { moment: 'before the answer', forMs: 15_000 }
    r.ecr.openSale(money(2000))
    await r.run('payment and recovery', async () => { await r.ecr.payByCard(); await r.ecr.whenRecoveryEnds() })
    assert.deepEqual(r.ecr.recovered.map((o) => o.status), ['approved'])
    assert.equal(r.ecr.sale?.isOpen, false)
    assert.equal(r.terminal.host.approvedTotal(), 2000)
  })

  it('never reuses a RequestID after a power loss', async () => {
    const r = await rig()
    r.ecr.openSale(money(1000))
    await r.run('payment', () => r.ecr.payByCard())
    await r.powerCycleEcr(0)
    r.ecr.openSale(money(1000))
    await r.run('payment after restart', () => r.ecr.payByCard())
    assert.deepEqual(requestIds(r), ['1', '2'])
  })

  it('recovers a payment interrupted by a power loss from the database alone', async () => {
    const r = await rig()
    r.ecr.openSale(money(2000))
    void r.ecr.payByCard().catch(() => undefined)
    await r.run('until authorising', async () => { while (r.terminal.face.screen.prompt !== 'wait') await r.wait(100) })
    await r.powerCycleEcr(60_000)
    assert.deepEqual(r.ecr.journal.entries().map((e) => e.result), ['approved'])
    assert.equal(r.ecr.sale?.isOpen, false)
    assert.equal(r.terminal.host.ledger.length, 1)
  })

  it('refuses a part of a split bill larger than what is left to pay', async () => {
    const r = await rig()
    r.ecr.openSale(money(5000))
    assert.equal((await r.run('first part', () => r.ecr.payByCard(money(3000)))).status, 'approved')
    assert.deepEqual(r.ecr.display.current, ['Payment approved', '30.00 EUR', 'Left to pay 20.00 EUR'])
    const tooMuch = await r.ecr.payByCard(money(2500))
    assert.deepEqual([tooMuch.status, tooMuch.reason], ['refused by register', 'only 20.00 EUR is left to pay'])
  })

  it('starts a new sale for a payment after the last sale was paid, instead of refusing it as an overpayment', async () => {
    const r = await rig()
    r.ecr.openSale(money(1000))
    await r.run('first sale', () => r.ecr.payByCard())
    const next = await r.run('next payment', () => r.ecr.payByCard(money(500)))
    assert.deepEqual([next.status, r.ecr.sale?.total], ['approved', money(500)])
  })

  it('prints the owed ticket before the next payment when the terminal answers PrintLastTicket', async () => {
    const r = await rig()
    r.ecr.printer.state = 'PaperEmpty'
    r.ecr.openSale(money(1600))
    await r.run('payment without paper', () => r.ecr.payByCard())
    r.ecr.printer.state = 'Available'
    r.ecr.openSale(money(500))
    assert.equal((await r.run('next payment', () => r.ecr.payByCard())).status, 'approved')
    const types = r.log.messages().flatMap((m) => (m.kind === 'CardServiceResponse' ? [`${m.requestType}:${m.overallResult}`] : []))
    assert.deepEqual(types, ['CardPayment:Success', 'CardPayment:PrintLastTicket', 'TicketReprint:Success', 'CardPayment:Success'])
  })
})

describe('device request dispatcher: the e-journal', () => {
  const clock = new VirtualClock()
  const devices = (journal = new InMemoryJournal()) => ({
    display: new CashierDisplay(clock), printer: new ReceiptPrinter('p', clock), journalPrinter: new ReceiptPrinter('j', clock), journal,
  })
  const request = (target: 'E-Journal' | 'JournalPrinter', id = '4.1') => ({
    kind: 'DeviceRequest' as const, requestType: 'Output' as const, requestId: id, workstationId: 'LANE-1', outputs: [{ target, textLines: [{ text: 'MERCHANT COPY' }] }],
  })

  it('answers Failure when the record cannot be stored, never Success', async () => {
    const journal = new InMemoryJournal()
    journal.appendTerminalRecord = () => { throw new Error('disk full') }
    const response = await new DeviceRequestDispatcher(devices(journal)).handle(request('E-Journal'))
    assert.equal(response.outputs[0].outResult, 'Failure')
  })

  it('files the output of a reprint under the payment it belongs to', async () => {
    const journal = new InMemoryJournal()
    journal.begin({ requestId: '4', requestType: 'CardPayment', startedAtMs: 0, shiftNumber: 2 })
    const dispatcher = new DeviceRequestDispatcher(devices(journal))
    dispatcher.aliases.set('9', '4')
    await dispatcher.handle(request('E-Journal', '9.1'))
    await dispatcher.handle(request('JournalPrinter', '9.2'))
    assert.deepEqual(journal.entries()[0].terminalRecord, ['MERCHANT COPY'])
    assert.deepEqual(journal.journalReceipts({ shiftNumber: 2 }).map((r) => r.requestId), ['4'])
  })
})
