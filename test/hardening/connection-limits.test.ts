// Limits on the terminal's request port: idle connections, trickled messages, too many connections,
// too many bytes held, and a broken stream, each ending only the offending connection.
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { describe, it } from 'node:test'
import { parseTerminalArgs } from '../../src/cli/ccv-terminal'
import type { Endpoint } from '../../src/link/transport'
import type { ConnectionLimits } from '../../src/terminal/connection-guard'
import { RawPeer, startQuietTerminal, statusRequest } from './raw-peer'

async function withServer(limits: Partial<ConnectionLimits>, test: (at: Endpoint, lines: string[]) => Promise<void>) {
  const lines: string[] = []
  const server = await startQuietTerminal({ limits }, (line) => lines.push(line))
  try {
    await test(server.channel0, lines)
  } finally {
    await server.stop()
  }
}

/**
 * A peer that keeps its own side open after the terminal closes (allowHalfOpen), as a careless client
 * may: `ended` resolves with the milliseconds until the terminal closed its side.
 */
function halfOpenPeer(at: Endpoint): Promise<{ socket: Socket; ended: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = connect({ host: at.host, port: at.port, allowHalfOpen: true }, () => resolve({ socket, ended: new Promise((done) => socket.once('end', () => done(Date.now() - started))) }))
    socket.on('error', () => undefined)
    socket.once('error', reject)
  })
}

const lengthPrefix = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b }
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('terminal server: connection limits', () => {
  it('has documented defaults, each an option', () => {
    const defaults = parseTerminalArgs([])
    const set = parseTerminalArgs(['--idle-timeout', '5', '--frame-timeout', '2', '--max-connections', '4', '--max-buffered', '65536'])
    assert.ok(!defaults.help && !set.help)
    assert.deepEqual(defaults.options.limits, { idleTimeoutMs: 60_000, frameTimeoutMs: 10_000, maxConnections: 32, maxBufferedBytes: 8 * 1024 * 1024 })
    assert.deepEqual(set.options.limits, { idleTimeoutMs: 5_000, frameTimeoutMs: 2_000, maxConnections: 4, maxBufferedBytes: 65_536 })
    assert.throws(() => parseTerminalArgs(['--max-connections', '0']), /--max-connections must be a whole number from 1/)
  })

  it('closes a connection that stays idle past the idle timeout', async () => {
    await withServer({ idleTimeoutMs: 200 }, async (at, lines) => {
      const peer = await halfOpenPeer(at)
      const after = await peer.ended
      peer.socket.destroy()
      assert.ok(after >= 150 && after < 2_000, `closed after ${after} ms`)
      assert.ok(lines.some((l) => /no request for 0.2 s/.test(l)), lines.join('\n'))
    })
  })

  it('closes a connection that trickles a message byte by byte past the per-message time', async () => {
    await withServer({ frameTimeoutMs: 300 }, async (at) => {
      const peer = await halfOpenPeer(at)
      const message = Buffer.concat([lengthPrefix(500), Buffer.alloc(500, 0x20)])
      let sent = 0
      const trickle = setInterval(() => { if (!peer.socket.destroyed) peer.socket.write(message.subarray(sent, ++sent)) }, 20)
      const after = await peer.ended
      clearInterval(trickle)
      peer.socket.destroy()
      assert.ok(after < 2_000 && sent < message.length, `closed after ${after} ms and ${sent} bytes`)
    })
  })

  it('refuses connections beyond the maximum, and takes new ones when one ends', async () => {
    await withServer({ maxConnections: 3 }, async (at) => {
      const peers = await Promise.all([1, 2, 3].map(() => RawPeer.open(at)))
      const fourth = await RawPeer.open(at)
      await fourth.until(() => fourth.closed)
      peers[0].end()
      await wait(50)
      const fifth = await RawPeer.open(at)
      fifth.writeXml(statusRequest('9'))
      await fifth.until(() => fifth.received.length > 0 || fifth.closed)
      assert.deepEqual(fifth.received.map((m) => m.requestId), ['9'])
      for (const peer of [...peers, fifth]) peer.end()
    })
  })

  it('closes the connection whose unfinished message takes the buffered bytes over the maximum, and only that one', async () => {
    await withServer({ maxBufferedBytes: 100_000 }, async (at) => {
      const first = await halfOpenPeer(at)
      first.socket.write(Buffer.concat([lengthPrefix(200_000), Buffer.alloc(60_000, 0x20)]))
      await wait(100)
      const second = await halfOpenPeer(at)
      second.socket.write(Buffer.concat([lengthPrefix(200_000), Buffer.alloc(60_000, 0x20)]))
      const after = await second.ended
      second.socket.destroy()
      assert.ok(after < 2_000)
      assert.equal(first.socket.destroyed, false, 'the first connection is not punished')
      first.socket.destroy()
    })
  })

  it('closes both directions after a broken length prefix: what the peer sends afterwards is refused, not read', async () => {
    await withServer({}, async (at, lines) => {
      const peer = await halfOpenPeer(at)
      const closed = new Promise((resolve) => peer.socket.once('close', resolve))
      peer.socket.write(lengthPrefix(0))
      await peer.ended
      // The first write after the close draws the reset; the next one sees it.
      const writes = setInterval(() => { if (!peer.socket.destroyed) peer.socket.write(statusRequest('1')) }, 50)
      const outcome = await Promise.race([closed.then(() => 'reset'), wait(3_000).then(() => 'still open')])
      clearInterval(writes)
      peer.socket.destroy()
      assert.equal(outcome, 'reset')
      assert.ok(!lines.some((l) => l.includes('GetStatus')), 'the request after the broken prefix was not read')
    })
  })
})
