import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { OpiClient } from '../../src/ecr/opi-client'
import { MemoryTransport } from '../../src/link/memory-transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'

describe('OPI client start-up', () => {
  it('opens its device channel once when two requests start it at the same moment', async () => {
    const clock = new VirtualClock()
    const transport = new MemoryTransport(clock)
    const client = new OpiClient({
      transport, clock, terminal: { host: 'terminal', port: 4100 }, deviceListener: { host: 'ecr', port: 4102 },
      format: DEFAULT_WIRE_FORMAT, responseTimeoutMs: 1000,
    }, () => Promise.reject(new Error('no device requests expected')))
    const both = await Promise.allSettled([client.start(), client.start()])
    assert.deepEqual(both.map((r) => r.status), ['fulfilled', 'fulfilled'])
    await client.stop()
    await client.start() // and can open it again after a stop
    await client.stop()
  })
})
