import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveFor } from '../../src/clock/drive'
import { VirtualClock, VIRTUAL_EPOCH } from '../../src/clock/virtual-clock'
import { MemoryTransport } from '../../src/link/memory-transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import type { CardServiceRequest, CardServiceResponse, OpiMessage } from '../../src/opi/messages'
import { money } from '../../src/opi/money'
import { OpiConnection } from '../../src/opi/opi-connection'
import { cardProfile } from '../../src/terminal/cards'
import { ScriptedCardholder } from '../../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../../src/terminal/simulated-terminal'

const TERMINAL = { host: 'terminal', port: 4100 }
const ECR = { host: 'ecr', port: 4102 }
const format = DEFAULT_WIRE_FORMAT
const posData = { posTimeStamp: '2026-01-15T09:00:00' }

const payment = (requestId: string, minor = 1200): CardServiceRequest => ({ kind: 'CardServiceRequest', requestType: 'CardPayment', requestId, workstationId: 'W', posData, totalAmount: money(minor) })
const abort = (requestId: string): CardServiceRequest => ({ kind: 'CardServiceRequest', requestType: 'AbortRequest', requestId, workstationId: 'W', posData })

/** The terminal alone, with a register stand-in that acknowledges every device request (after `ackDelayMs`). */
async function bench(ackDelayMs = 0) {
  const clock = new VirtualClock()
  const transport = new MemoryTransport(clock)
  const terminal = new SimulatedTerminal({ transport, clock, channel0: TERMINAL, ecrDevices: ECR, format, seed: 1 })
  await terminal.start()
  const shown: string[] = []
  await transport.listen(ECR, (c) => {
    const opi = new OpiConnection(c, { format })
    opi.onMessage((m) => {
      if (m.kind !== 'DeviceRequest') return
      shown.push(...m.outputs.filter((o) => o.target === 'CashierDisplay').map((o) => o.textLines.map((l) => l.text).join(' | ')))
      clock.setTimer(ackDelayMs, () => opi.send({
        kind: 'DeviceResponse', requestType: m.requestType, requestId: m.requestId, workstationId: m.workstationId,
        overallResult: 'Success', outputs: m.outputs.map((o) => ({ target: o.target, outResult: 'Success' })),
      }))
    })
  })
  const answers: CardServiceResponse[] = []
  const send = async (request: CardServiceRequest, on?: OpiConnection) => {
    const opi = on ?? new OpiConnection(await transport.connect(TERMINAL), { format })
    if (!on) opi.onMessage((m: OpiMessage) => { if (m.kind === 'CardServiceResponse') answers.push(m) })
    opi.send(request)
    return opi
  }
  const answer = (requestId: string) => answers.find((a) => a.requestId === requestId)?.overallResult
  return { clock, terminal, shown, answers, answer, send, wait: (ms: number) => driveFor(clock, ms) }
}

describe('simulated terminal: AbortRequest', () => {
  it('ends a payment that waits for the card: the abort is answered Success, the payment Aborted, nothing charged', async () => {
    const b = await bench()
    await b.send(payment('1'))
    await b.wait(1000)
    assert.equal(b.terminal.state, 'waiting for card')
    await b.send(abort('2'))
    await b.wait(5000)
    assert.deepEqual([b.answer('2'), b.answer('1')], ['Success', 'Aborted'])
    assert.equal(b.terminal.host.ledger.length, 0)
    assert.equal(b.terminal.state, 'idle')
  })

  it('refuses an abort once the host has been asked, and completes the payment', async () => {
    const b = await bench()
    new ScriptedCardholder(b.terminal.face, b.clock).willPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 1000 })
    await b.send(payment('1'))
    await b.wait(2500)
    assert.equal(b.terminal.state, 'authorising')
    await b.send(abort('2'))
    await b.wait(10_000)
    assert.deepEqual([b.answer('2'), b.answer('1')], ['Failure', 'Success'])
    assert.equal(b.terminal.host.approvedTotal(), 1200)
  })

  it('answers Failure to an abort with nothing running', async () => {
    const b = await bench()
    await b.send(abort('7'))
    await b.wait(100)
    assert.equal(b.answer('7'), 'Failure')
    assert.equal(b.terminal.state, 'idle')
  })

  it('answers a repeated abort without side effects: the payment ends once', async () => {
    const b = await bench()
    await b.send(payment('1'))
    await b.wait(1000)
    await b.send(abort('2'))
    await b.send(abort('3'))
    await b.wait(5000)
    assert.deepEqual(b.answers.map((a) => [a.requestId, a.overallResult]), [['2', 'Success'], ['3', 'Success'], ['1', 'Aborted']])
  })

  it('takes an abort on the payment\'s own connection and answers both there before hanging up', async () => {
    const b = await bench()
    const opi = await b.send(payment('1'))
    const onThisConnection: string[] = []
    opi.onMessage((m) => { if (m.kind === 'CardServiceResponse') onThisConnection.push(`${m.requestType} ${m.overallResult}`) })
    await b.wait(1000)
    await b.send(abort('2'), opi)
    await b.wait(5000)
    assert.deepEqual(onThisConnection, ['AbortRequest Success', 'CardPayment Aborted'])
    assert.equal(opi.closed, true)
  })

  it('does not miss an abort that arrives while its card prompt is still on the way to the register', async () => {
    const b = await bench(1000)
    await b.send(payment('1'))
    await b.wait(500)
    assert.equal(b.terminal.face.screen.prompt, 'idle', 'the terminal is still waiting for the register to show the prompt')
    await b.send(abort('2'))
    await b.wait(10_000)
    assert.equal(b.answer('1'), 'Aborted')
    assert.ok(b.clock.now() - VIRTUAL_EPOCH < b.terminal.settings.cardTimeoutMs, 'ended by the abort, not by the card time-out')
    assert.ok(b.shown.includes('Cancelled by cashier'))
  })

  it('lets an abort end the wait for a card left in the reader', async () => {
    const b = await bench()
    b.terminal.face.presentCard(cardProfile('Maestro'), 'chip')
    await b.send(payment('1'))
    await b.wait(1000)
    assert.equal(b.terminal.state, 'waiting for card removal')
    await b.send(abort('2'))
    await b.wait(5000)
    assert.deepEqual([b.answer('2'), b.answer('1')], ['Success', 'Aborted'])
  })
})
