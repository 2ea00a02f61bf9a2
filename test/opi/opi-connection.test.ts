import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveFor } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { MemoryTransport } from '../../src/link/memory-transport'
import { DEFAULT_WIRE_FORMAT, type OpiDecodeError } from '../../src/opi/codec'
import { frame } from '../../src/opi/framing'
import type { OpiMessage } from '../../src/opi/messages'
import { OpiConnection, type TrafficEvent } from '../../src/opi/opi-connection'

async function pair() {
  const clock = new VirtualClock()
  const transport = new MemoryTransport(clock)
  let server: OpiConnection | undefined
  const received: OpiMessage[] = []
  const bad: OpiDecodeError[] = []
  const events: TrafficEvent[] = []
  const closes: (Error | undefined)[] = []
  await transport.listen({ host: 't', port: 1 }, (c) => {
    server = new OpiConnection(c, { format: DEFAULT_WIRE_FORMAT, tap: (e) => events.push(e) })
    server.onMessage((m) => received.push(m))
    server.onBadMessage((e) => bad.push(e))
    server.onClose((e) => closes.push(e))
  })
  const raw = await transport.connect({ host: 't', port: 1 })
  return { clock, raw, received, bad, events, closes, server: () => server! }
}

describe('OPI connection', () => {
  it('delivers a message sent one byte at a time', async () => {
    const { clock, raw, received } = await pair()
    const wire = frame(Buffer.from('<ServiceRequest RequestType="GetStatus" RequestID="9" WorkstationID="W"><POSdata><POSTimeStamp>2026-01-01T00:00:00</POSTimeStamp></POSdata></ServiceRequest>'))
    for (const b of wire) raw.write(Uint8Array.of(b))
    await driveFor(clock, 1)
    assert.deepEqual(received.map((m) => [m.kind, m.requestType, m.requestId]), [['ServiceRequest', 'GetStatus', '9']])
  })

  it('reports an unreadable message and stays open for the next', async () => {
    const { clock, raw, received, bad, closes } = await pair()
    raw.write(frame(Buffer.from('<not xml')))
    raw.write(frame(Buffer.from('<ServiceRequest RequestType="GetStatus" RequestID="10" WorkstationID="W"><POSdata><POSTimeStamp>x</POSTimeStamp></POSdata></ServiceRequest>')))
    await driveFor(clock, 1)
    assert.deepEqual(bad.map((e) => e.result), ['ParsingError'])
    assert.equal(received.length, 1)
    assert.deepEqual(closes, [])
  })

  it('closes the link on a broken length prefix, saying why, without throwing', async () => {
    const { clock, raw, closes, server } = await pair()
    raw.write(Uint8Array.of(0, 0, 0, 0, 1, 2, 3))
    await driveFor(clock, 1)
    assert.equal(server().closed, true)
    assert.match(String(closes[0]?.message), /length prefix is zero/)
  })
})
