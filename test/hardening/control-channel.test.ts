// The control channel on a shared bench: web pages and strangers must not act on the terminal.
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { describe, it } from 'node:test'
import { parseTerminalArgs } from '../../src/cli/ccv-terminal'
import { controlAccess } from '../../src/cli/control-guard'
import type { TerminalServerOptions } from '../../src/cli/terminal-server'
import { startQuietTerminal } from './raw-peer'
import type { Endpoint } from '../../src/link/transport'

function call(at: Endpoint, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: at.host, port: at.port, method, path, headers: { host: `${at.host}:${at.port}`, ...headers } }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => { body += chunk.toString() })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function withServer(extra: Partial<TerminalServerOptions>, test: (server: Awaited<ReturnType<typeof startQuietTerminal>>, lines: string[]) => Promise<void>) {
  const lines: string[] = []
  const server = await startQuietTerminal({ ...extra }, (line) => lines.push(line))
  try {
    await test(server, lines)
  } finally {
    await server.stop()
  }
}

describe('control channel: who may act', () => {
  it('binds loopback by default', () => {
    const parsed = parseTerminalArgs([])
    assert.ok(!parsed.help)
    assert.deepEqual([parsed.options.control, parsed.options.controlToken], [{ host: '127.0.0.1', port: 4180 }, undefined])
  })

  it('refuses a cross-site request from a web page, and acts for curl on the same machine', async () => {
    await withServer({}, async (server) => {
      const crossSite = await call(server.controlEndpoint, 'POST', '/host/offline', { origin: 'http://evil.example' })
      assert.deepEqual([crossSite.status, server.terminal.host.reachable], [403, true])
      assert.match(crossSite.body, /requests from the web page at http:\/\/evil.example are refused/)
      const sameMachine = await call(server.controlEndpoint, 'POST', '/host/offline')
      assert.deepEqual([sameMachine.status, server.terminal.host.reachable], [200, false])
      const ownPage = await call(server.controlEndpoint, 'GET', '/status', { origin: `http://localhost:${server.controlEndpoint.port}`, host: `localhost:${server.controlEndpoint.port}` })
      assert.equal(ownPage.status, 200)
    })
  })

  it('refuses a request whose Host is not its own (DNS rebinding reads nothing)', async () => {
    await withServer({}, async (server) => {
      const rebound = await call(server.controlEndpoint, 'GET', '/status', { host: `attacker.example:${server.controlEndpoint.port}` })
      assert.equal(rebound.status, 403)
      assert.doesNotMatch(rebound.body, /state/)
    })
  })

  it('accepts a configured Host and Origin', async () => {
    await withServer({ controlAllowHosts: ['bench.local:8080'], controlAllowOrigins: ['http://bench.local:8080'] }, async (server) => {
      const allowed = await call(server.controlEndpoint, 'GET', '/status', { host: 'bench.local:8080', origin: 'http://bench.local:8080' })
      assert.equal(allowed.status, 200)
    })
  })

  it('wants the bearer token when one is set, and says how to give it', async () => {
    await withServer({ controlToken: 'a-token-of-sixteen-chars' }, async (server, lines) => {
      const without = await call(server.controlEndpoint, 'GET', '/status')
      const wrong = await call(server.controlEndpoint, 'GET', '/status', { authorization: 'Bearer a-token-of-sixteen-charz' })
      const right = await call(server.controlEndpoint, 'GET', '/status', { authorization: 'Bearer a-token-of-sixteen-chars' })
      assert.deepEqual([without.status, wrong.status, right.status], [401, 401, 200])
      assert.match(without.body, /Authorization: Bearer <token>/)
      assert.ok(lines.some((l) => l.includes('control channel token: a-token-of-sixteen-chars')))
    })
  })

  it('generates a token for a channel bound beyond loopback, and none on loopback', () => {
    const wide = controlAccess({ host: '0.0.0.0', port: 4180 })
    assert.match(String(wide.token), /^[\w-]{24}$/)
    assert.notEqual(controlAccess({ host: '0.0.0.0', port: 4180 }).token, wide.token, 'a fresh token each start')
    assert.equal(controlAccess({ host: '127.0.0.1', port: 4180 }).token, undefined)
    assert.equal(controlAccess({ host: '192.168.1.5', port: 4180 }, { token: 'given-token-0123456' }).token, 'given-token-0123456')
  })
})
