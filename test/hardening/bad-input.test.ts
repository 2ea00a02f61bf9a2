// Bad input on the terminal's request port: nothing a peer sends can end the process, and a request the
// terminal can read but not accept gets an answer naming the problem on a connection that stays usable.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { RunningTerminalServer } from '../../src/cli/terminal-server'
import { invalidRequest, RawPeer, statusRequest, startQuietTerminal } from './raw-peer'

describe('terminal server: a readable but invalid request', () => {
  let server: RunningTerminalServer
  before(async () => {
    server = await startQuietTerminal()
  })
  after(() => server.stop())

  it('is answered with its OverallResult, and the next request on the same connection is answered too', async () => {
    const peer = await RawPeer.open(server.channel0)
    peer.writeXml(invalidRequest('1'))
    peer.writeXml(statusRequest('2'))
    await peer.until(() => peer.received.length >= 2 || peer.closed)
    assert.deepEqual(peer.received.map((m) => [m.requestId, 'overallResult' in m ? m.overallResult : '']), [['1', 'MissingMandatoryData'], ['2', 'Success']])
    assert.equal(peer.closed, false, 'the connection stays usable')
    peer.end()
  })

  it('two invalid requests in a row, in one write, end nothing', async () => {
    const peer = await RawPeer.open(server.channel0)
    peer.write(Buffer.concat([invalidFrame('3'), invalidFrame('4')]))
    await peer.until(() => peer.received.length >= 2 || peer.closed)
    assert.deepEqual(peer.received.map((m) => m.requestId), ['3', '4'])
    peer.end()
    const next = await RawPeer.open(server.channel0)
    next.writeXml(statusRequest('5'))
    await next.until(() => next.received.length >= 1)
    assert.equal(next.received[0].requestId, '5')
    next.end()
  })
})

function invalidFrame(id: string): Buffer {
  const body = Buffer.from(invalidRequest(id))
  const head = Buffer.alloc(4)
  head.writeUInt32BE(body.length)
  return Buffer.concat([head, body])
}
