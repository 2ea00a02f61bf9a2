import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveFor } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { MemoryTransport } from '../../src/link/memory-transport'
import { ConnectionRefused, type Connection } from '../../src/link/transport'

const at = { host: 'terminal', port: 4100 }

describe('in-memory transport', () => {
  it('refuses a connection where nobody listens', async () => {
    await assert.rejects(new MemoryTransport(new VirtualClock()).connect(at), ConnectionRefused)
  })

  it('carries bytes both ways, in order, as copies', async () => {
    const clock = new VirtualClock()
    const transport = new MemoryTransport(clock, 5)
    const atServer: string[] = []
    let server: Connection | undefined
    await transport.listen(at, (c) => { server = c; c.onData((d) => atServer.push(Buffer.from(d).toString())) })
    const client = await transport.connect(at)
    const atClient: string[] = []
    client.onData((d) => atClient.push(Buffer.from(d).toString()))
    const chunk = Buffer.from('one')
    client.write(chunk)
    chunk.write('XXX')
    client.write(Buffer.from('two'))
    server!.write(Buffer.from('back'))
    await driveFor(clock, 10)
    assert.deepEqual(atServer, ['one', 'two'])
    assert.deepEqual(atClient, ['back'])
  })

  it('tells the peer when a side closes, after data already sent', async () => {
    const clock = new VirtualClock()
    const transport = new MemoryTransport(clock)
    const events: string[] = []
    await transport.listen(at, (c) => { c.onData(() => events.push('data')); c.onClose((e) => events.push(`closed ${e ? 'with error' : 'cleanly'}`)) })
    const client = await transport.connect(at)
    client.write(Buffer.from('last words'))
    client.close()
    await driveFor(clock, 1)
    assert.deepEqual(events, ['data', 'closed cleanly'])
    assert.throws(() => client.write(Buffer.from('x')), /closed/)
  })
})
