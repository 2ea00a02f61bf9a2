import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isoTimestamp } from '../../src/clock/clock'
import { driveUntilSettled } from '../../src/clock/drive'
import { VIRTUAL_EPOCH, VirtualClock } from '../../src/clock/virtual-clock'
import { OpiClient, ResultUnknown, TerminalUnreachable, type OpiClientConfig } from '../../src/ecr/opi-client'
import { MemoryTransport } from '../../src/link/memory-transport'
import type { Connection, Transport } from '../../src/link/transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import type { CardServiceRequest, CardServiceResponse, DeviceResponse, OpiMessage } from '../../src/opi/messages'
import { money } from '../../src/opi/money'
import { frame } from '../../src/opi/framing'
import { OpiConnection } from '../../src/opi/opi-connection'
import { bench } from '../terminal/bench'

const TERMINAL = { host: 'terminal', port: 4100 }
const ECR = { host: 'ecr', port: 4102 }
const posData = { posTimeStamp: isoTimestamp(VIRTUAL_EPOCH) }
const payment = (requestId: string): CardServiceRequest => ({ kind: 'CardServiceRequest', requestType: 'CardPayment', requestId, workstationId: 'W', posData, totalAmount: money(1000) })
const abort = (requestId: string): CardServiceRequest => ({ kind: 'CardServiceRequest', requestType: 'AbortRequest', requestId, workstationId: 'W', posData })
const answer = (request: CardServiceRequest, overallResult: CardServiceResponse['overallResult']): CardServiceResponse =>
  ({ kind: 'CardServiceResponse', requestType: request.requestType, requestId: request.requestId, workstationId: request.workstationId, overallResult })
const ok = (request: OpiMessage): DeviceResponse => ({ kind: 'DeviceResponse', requestType: 'Output', requestId: request.requestId, workstationId: request.workstationId, overallResult: 'Success', outputs: [] })

/** A terminal written inline: `script` decides what to do with each message on each channel-0 connection. */
async function scriptedTerminal(script: (opi: OpiConnection, message: OpiMessage, connection: number) => void, extra: Partial<OpiClientConfig> = {}) {
  const clock = new VirtualClock()
  const transport = new MemoryTransport(clock)
  let connections = 0
  await transport.listen(TERMINAL, (raw) => {
    const n = ++connections
    const opi = new OpiConnection(raw, { format: DEFAULT_WIRE_FORMAT })
    opi.onMessage((m) => script(opi, m, n))
  })
  const client = new OpiClient({ transport, clock, terminal: TERMINAL, deviceListener: ECR, format: DEFAULT_WIRE_FORMAT, responseTimeoutMs: 330_000, ...extra }, (r) => Promise.resolve(ok(r)))
  return { clock, transport, client, connections: () => connections }
}

/** Gives up on the outcome and tells how much virtual time passed. */
async function failure(clock: VirtualClock, work: Promise<unknown>): Promise<{ error: Error; afterMs: number }> {
  const started = clock.now()
  try {
    await driveUntilSettled(clock, work, { what: 'request' })
  } catch (error) {
    return { error: error as Error, afterMs: clock.now() - started }
  }
  throw new Error('the request did not fail')
}

describe('OPI client: timers on the virtual clock', () => {
  it('gives up connecting after the connect timeout: unreachable, nothing sent', async () => {
    const clock = new VirtualClock()
    const never: Transport = {
      connect: () => new Promise<Connection>(() => undefined),
      listen: (at, accept) => new MemoryTransport(clock).listen(at, accept),
    }
    const client = new OpiClient({ transport: never, clock, terminal: TERMINAL, deviceListener: ECR, format: DEFAULT_WIRE_FORMAT, responseTimeoutMs: 330_000, connectTimeoutMs: 120_000 }, (r) => Promise.resolve(ok(r)))
    const { error, afterMs } = await failure(clock, client.request(payment('1')))
    assert.ok(error instanceof TerminalUnreachable, String(error))
    assert.equal(afterMs, 120_000)
  })

  it('declares the result unknown after the response timeout', async () => {
    const t = await scriptedTerminal(() => undefined, { responseTimeoutMs: 330_000 })
    const { error, afterMs } = await failure(t.clock, t.client.request(payment('1')))
    assert.ok(error instanceof ResultUnknown && /no answer within 330 s/.test(error.message), String(error))
    assert.equal(afterMs, 330_000)
  })

  it('declares the result unknown after silence on both channels; every message restarts the silence timer', async () => {
    // The terminal shows a prompt on channel 1 every 40 s, three times, then falls silent.
    const t = await scriptedTerminal((_opi, m) => {
      if (m.kind !== 'CardServiceRequest') return
      for (const at of [40_000, 80_000, 120_000]) {
        t.clock.setTimer(at, () => {
          void t.transport.connect(ECR).then((raw) => new OpiConnection(raw, { format: DEFAULT_WIRE_FORMAT }).send({
            kind: 'DeviceRequest', requestType: 'Output', requestId: `1.${at}`, workstationId: 'W', outputs: [{ target: 'CashierDisplay', textLines: [{ text: 'Enter PIN' }] }],
          }))
        })
      }
    }, { silenceTimeoutMs: 50_000 })
    const { error, afterMs } = await failure(t.clock, t.client.request(payment('1')))
    assert.ok(error instanceof ResultUnknown && /silence/.test(error.message), String(error))
    assert.equal(afterMs, 120_000 + 50_000, 'silence counted from the last message (and our answer to it)')
  })
})

describe('OPI client: where an abort goes', () => {
  // The terminal ends the payment Aborted once an AbortRequest arrives, on whichever connection.
  function abortingTerminal(extra: Partial<OpiClientConfig> = {}) {
    let paymentOn: OpiConnection | undefined
    let paymentRequest: CardServiceRequest | undefined
    const abortConnections: number[] = []
    return {
      abortConnections,
      terminal: scriptedTerminal((opi, m, n) => {
        if (m.kind !== 'CardServiceRequest') return
        if (m.requestType === 'CardPayment') {
          paymentOn = opi
          paymentRequest = m
          return
        }
        abortConnections.push(n)
        opi.send(answer(m, 'Success'))
        paymentOn?.send(answer(paymentRequest!, 'Aborted'))
      }, extra),
    }
  }

  it('sends it on a new connection by default; both requests get their own answer', async () => {
    const a = abortingTerminal()
    const t = await a.terminal
    const paying = t.client.request(payment('10'))
    await driveUntilSettled(t.clock, Promise.resolve(), { what: 'payment sent' })
    const aborting = t.client.request(abort('11'))
    const [paid, aborted] = await driveUntilSettled(t.clock, Promise.all([paying, aborting]), { what: 'both answers' })
    assert.deepEqual([paid.overallResult, aborted.overallResult], ['Aborted', 'Success'])
    assert.deepEqual(a.abortConnections, [2])
  })

  it("sends it on the running payment's connection when asked, which stays open for both answers", async () => {
    const a = abortingTerminal()
    const t = await a.terminal
    const paying = t.client.request(payment('10'))
    await driveUntilSettled(t.clock, Promise.resolve(), { what: 'payment sent' })
    const aborting = t.client.request(abort('11'), { connection: 'shared' })
    const [paid, aborted] = await driveUntilSettled(t.clock, Promise.all([paying, aborting]), { what: 'both answers' })
    assert.deepEqual([paid.overallResult, aborted.overallResult], ['Aborted', 'Success'])
    assert.deepEqual(a.abortConnections, [1])
    assert.equal(t.connections(), 1)
  })

  it('refuses to share a connection when nothing is running', async () => {
    const t = await abortingTerminal().terminal
    await assert.rejects(t.client.request(abort('11'), { connection: 'shared' }), /no request is running/)
  })
})

describe('OPI client and simulated terminal in single-socket mode', () => {
  it('receives and answers device requests on the request connection, with no listener of its own', async () => {
    const b = await bench({ socketMode: 'single' })
    await assert.rejects(b.transport.connect(b.ecrAt), /nobody is listening/)
    assert.equal((await b.pay(10)).overallResult, 'Success')
    const closing = await b.service('ReconciliationWithClosure')
    assert.equal(closing.overallResult, 'Success')
    assert.ok(b.deviceRequests.some((r) => r.outputs.some((o) => o.target === 'Printer')), 'the receipt and the report reached the printer')
    assert.ok(b.deviceRequests.every((r) => /^\d+\.\d+$/.test(r.requestId)), 'dotted ids by default')
  })

  it('numbers device requests with a plain counter when the dialect says so', async () => {
    const b = await bench({ deviceRequestIds: 'incrementing' })
    await b.pay(10)
    await b.pay(11)
    const ids = b.deviceRequests.map((r) => Number(r.requestId))
    assert.deepEqual(ids, ids.map((_, i) => i + 1))
  })
})

describe('OPI client: unreadable answers', () => {
  it('ends the wait at once with result unknown, naming what was wrong', async () => {
    const t = await scriptedTerminal((opi, m) => {
      // An answer with the right id but an OverallResult no client knows.
      if (m.kind === 'CardServiceRequest') opi.connection.write(frame(Buffer.from(`<CardServiceResponse RequestType="CardPayment" RequestID="${m.requestId}" WorkstationID="W" OverallResult="Maybe"/>`)))
    })
    const { error, afterMs } = await failure(t.clock, t.client.request(payment('5')))
    assert.ok(error instanceof ResultUnknown && /unreadable answer: .*OverallResult "Maybe"/.test(error.message), String(error))
    assert.equal(afterMs, 0)
  })
})

describe('single-socket mode over loopback TCP', () => {
  it('pays and closes the period with device requests on the request connection', async () => {
    const b = await bench({ tcp: true, socketMode: 'single' })
    try {
      assert.equal((await b.pay(10)).overallResult, 'Success')
      assert.equal((await b.service('ReconciliationWithClosure')).reconciliation?.totals[0]?.numberPayments, 1)
      assert.ok(b.deviceRequests.length > 3, `${b.deviceRequests.length} device requests answered`)
    } finally {
      await b.stop()
    }
  })
})
