import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveFor } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { MemoryTransport } from '../../src/link/memory-transport'
import type { Connection } from '../../src/link/transport'
import { TerminalCable, TerminalPoweredOff, type CableTraffic } from '../../src/terminal/terminal-cable'

async function bench() {
  const clock = new VirtualClock()
  const transport = new MemoryTransport(clock)
  const cable = new TerminalCable(transport)
  const accepted: Connection[] = []
  await cable.listen({ host: 'terminal', port: 4100 }, (c) => accepted.push(c))
  await transport.listen({ host: 'ecr', port: 4102 }, () => undefined)
  return { clock, transport, cable, accepted }
}

describe('terminal cable', () => {
  it('carries connections both ways and reports their traffic', async () => {
    const { clock, transport, cable, accepted } = await bench()
    const seen: string[] = []
    cable.onTraffic((t: CableTraffic) => seen.push(`${t.role} ${t.event}${t.bytes ? ` ${Buffer.from(t.bytes).toString()}` : ''}`))
    const fromEcr = await transport.connect({ host: 'terminal', port: 4100 })
    const toEcr = await cable.connect({ host: 'ecr', port: 4102 })
    fromEcr.write(Buffer.from('request'))
    toEcr.write(Buffer.from('device'))
    await driveFor(clock, 10)
    accepted[0].write(Buffer.from('answer'))
    assert.equal(cable.openConnections, 2)
    assert.deepEqual(seen, ['accepted opened', 'dialled opened', 'dialled out device', 'accepted in request', 'accepted out answer'])
    assert.deepEqual(cable.listening, { host: 'terminal', port: 4100 })
  })

  it('cut ends every open connection at once; new ones can be made straight after', async () => {
    const { clock, transport, cable } = await bench()
    const fromEcr = await transport.connect({ host: 'terminal', port: 4100 })
    await cable.connect({ host: 'ecr', port: 4102 })
    assert.equal(cable.cut(), 2)
    await driveFor(clock, 10)
    assert.equal(fromEcr.closed, true, 'the register sees the link end')
    assert.equal(cable.openConnections, 0)
    await cable.connect({ host: 'ecr', port: 4102 })
    assert.equal(cable.openConnections, 1)
  })

  it('powered off, it neither calls out nor takes calls until powered on', async () => {
    const { clock, transport, cable, accepted } = await bench()
    cable.powerOff()
    await assert.rejects(cable.connect({ host: 'ecr', port: 4102 }), TerminalPoweredOff)
    const refused = await transport.connect({ host: 'terminal', port: 4100 })
    await driveFor(clock, 10)
    assert.deepEqual([refused.closed, accepted.length], [true, 0])
    cable.powerOn()
    await transport.connect({ host: 'terminal', port: 4100 })
    assert.equal(accepted.length, 1)
  })
})
