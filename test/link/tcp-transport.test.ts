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

describe('TCP transport: reserved ports', () => {
  it('holds each reserved port bound until listen takes it over, so no other program can get it meanwhile', async () => {
    const transport = new TcpTransport()
    const endpoints = await Promise.all(Array.from({ length: 50 }, () => transport.reserve()))
    assert.equal(new Set(endpoints.map((e) => e.port)).size, 50, 'fifty different ports')
    const intruder = new TcpTransport()
    await assert.rejects(intruder.listen(endpoints[0], () => undefined), /EADDRINUSE/)
    const accepted: Connection[] = []
    const listener = await transport.listen(endpoints[0], (c) => accepted.push(c))
    const client = await new TcpTransport().connect(endpoints[0])
    while (accepted.length === 0) await new Promise((resolve) => setTimeout(resolve, 2))
    client.close()
    await listener.close()
    assert.deepEqual(listener.endpoint, endpoints[0])
    await Promise.all(endpoints.slice(1).map((e) => transport.listen(e, () => undefined).then((l) => l.close())))
  })
})
