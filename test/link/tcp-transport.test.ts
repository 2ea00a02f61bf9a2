import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { TcpTransport } from '../../src/link/tcp-transport'
import { TrafficMeter } from '../../src/link/traffic-meter'
import { ConnectionRefused, type Connection } from '../../src/link/transport'

describe('TCP transport on loopback', () => {
  it('refuses clearly where nothing listens', async () => {
    const transport = new TcpTransport()
    const listener = await transport.listen({ host: '127.0.0.1', port: 0 }, () => undefined)
    const port = listener.endpoint.port
    await listener.close()
    await assert.rejects(transport.connect({ host: '127.0.0.1', port }), ConnectionRefused)
  })

  it('carries bytes both ways and counts them until they arrive', async () => {
    const meter = new TrafficMeter()
    const transport = new TcpTransport({ meter })
    const atServer: Buffer[] = []
    const listener = await transport.listen({ host: '127.0.0.1', port: 0 }, (c: Connection) => {
      c.onData((d) => { atServer.push(Buffer.from(d)); c.write(Buffer.from('ack')) })
    })
    const client = await transport.connect(listener.endpoint)
    const atClient: Buffer[] = []
    client.onData((d) => atClient.push(Buffer.from(d)))
    client.write(Buffer.from('hello'))
    await meter.settle()
    assert.equal(Buffer.concat(atServer).toString(), 'hello')
    assert.equal(Buffer.concat(atClient).toString(), 'ack')
    let closed = false
    client.onClose(() => { closed = true })
    client.close()
    await meter.settle()
    assert.equal(closed, true)
    await listener.close()
  })
})
