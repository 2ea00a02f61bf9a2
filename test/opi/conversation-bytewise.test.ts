import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { driveFor } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { MemoryTransport } from '../../src/link/memory-transport'
import type { Connection } from '../../src/link/transport'
import { decodeMessage, DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import { FramingError } from '../../src/opi/framing'
import type { OpiMessage } from '../../src/opi/messages'
import { OpiConnection } from '../../src/opi/opi-connection'

/** Writes every chunk one byte at a time, as the worst TCP stack or a slow serial line would deliver it. */
function byteByByte(inner: Connection): Connection {
  return {
    get description() { return `${inner.description} (byte by byte)` },
    get closed() { return inner.closed },
    write: (bytes) => { for (const b of bytes) inner.write(Uint8Array.of(b)) },
    close: () => inner.close(),
    onData: (l) => inner.onData(l),
    onClose: (l) => inner.onClose(l),
  }
}

const golden = (name: string): OpiMessage => decodeMessage(new Uint8Array(readFileSync(join(__dirname, 'golden', name)))).message

describe('OPI framing: a whole conversation one byte at a time', () => {
  it('delivers every message of a payment, in order, on both sides', async () => {
    const clock = new VirtualClock()
    const transport = new MemoryTransport(clock)
    const atTerminal: OpiMessage[] = []
    let terminal: OpiConnection | undefined
    await transport.listen({ host: 'terminal', port: 4100 }, (c) => {
      terminal = new OpiConnection(byteByByte(c), { format: DEFAULT_WIRE_FORMAT })
      terminal.onMessage((m) => atTerminal.push(m))
    })
    const ecr = new OpiConnection(byteByByte(await transport.connect({ host: 'terminal', port: 4100 })), { format: { encoding: 'ISO-8859-1', namespace: false } })
    const atEcr: OpiMessage[] = []
    ecr.onMessage((m) => atEcr.push(m))

    // Single-socket style: requests, device requests, device answers and the final answer on one stream.
    const fromEcr = ['CardServiceRequest.CardPayment.xml', 'DeviceResponse.Output.xml', 'DeviceResponse.Input.InBoolean.xml', 'CardServiceRequest.AbortRequest.xml'].map(golden)
    const fromTerminal = ['DeviceRequest.Output.CashierDisplay.xml', 'DeviceRequest.Input.GetConfirmation.xml', 'DeviceRequest.Output.Printer.xml', 'CardServiceResponse.AbortRequest.xml', 'CardServiceResponse.CardPayment.xml'].map(golden)
    for (const m of fromEcr) ecr.send(m)
    await driveFor(clock, 1)
    for (const m of fromTerminal) terminal!.send(m)
    await driveFor(clock, 1)

    assert.deepEqual(atTerminal.map((m) => `${m.kind}/${m.requestType}/${m.requestId}`), fromEcr.map((m) => `${m.kind}/${m.requestType}/${m.requestId}`))
    assert.deepEqual(atEcr.map((m) => `${m.kind}/${m.requestType}/${m.requestId}`), fromTerminal.map((m) => `${m.kind}/${m.requestType}/${m.requestId}`))
    assert.equal((atEcr[2] as { outputs: { textLines: { text: string }[] }[] }).outputs[0].textLines[1].text, 'Totaal: € 18,75')
  })

  it('reports a link closed in the middle of a message as broken', async () => {
    const clock = new VirtualClock()
    const transport = new MemoryTransport(clock)
    const closes: (Error | undefined)[] = []
    await transport.listen({ host: 'terminal', port: 4100 }, (c) => {
      new OpiConnection(c, { format: DEFAULT_WIRE_FORMAT }).onClose((e) => closes.push(e))
    })
    const raw = await transport.connect({ host: 'terminal', port: 4100 })
    raw.write(Uint8Array.of(0, 0, 1, 0, 60, 63))
    raw.close()
    await driveFor(clock, 1)
    assert.equal(closes.length, 1)
    assert.ok(closes[0] instanceof FramingError && /ended inside a frame/.test(closes[0].message), String(closes[0]))
  })
})
