import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { listenAt } from '../../src/link/listen'
import { TrafficMeter } from '../../src/link/traffic-meter'
import { SimulatedCcvBackend } from '../../src/softpos/api/ccv-backend'
import { DEFAULT_TEST_API_KEY, PaymentApiServer } from '../../src/softpos/api/payment-api-server'
import { SimulatedPhone } from '../../src/softpos/phone/softpos-app'

const auth = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` })

describe('simulated CCV Payment API over HTTP', () => {
  const clock = new VirtualClock()
  const meter = new TrafficMeter()
  const backend = new SimulatedCcvBackend(clock)
  const server = new PaymentApiServer({ backend, clock, meter })
  const phone = new SimulatedPhone(backend, clock)
  const call = async (method: string, path: string, body?: unknown, key = DEFAULT_TEST_API_KEY) => {
    const response = await fetch(`${server.baseUrl}${path}`, { method, headers: { ...auth(key), 'content-type': 'application/json' }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }
  const payment = (merchantOrderReference: string, amount = '10.00') => ({ amount, currency: 'EUR', method: 'softpos', language: 'eng', merchantOrderReference, details: { terminalId: 'T-1' } })

  before(async () => {
    backend.createTerminal('T-1')
    await server.listen({ host: '127.0.0.1', port: 0 })
  })
  after(() => server.close())

  it('refuses a missing, a wrong and a live key with 401 and says why', async () => {
    const none = await fetch(`${server.baseUrl}/api/v1/softpos/terminal/T-1`)
    assert.equal(none.status, 401)
    assert.match(((await none.json()) as { message: string }).message, /Basic authentication with the API key as user name/)
    assert.deepEqual((await call('GET', '/api/v1/softpos/terminal/T-1', undefined, 't_wrong')).status, 401)
    const live = await call('GET', '/api/v1/softpos/terminal/T-1', undefined, 'l_live_key')
    assert.equal(live.status, 401)
    assert.match(String(live.body.message), /live API key/)
  })

  it('keeps CCV\'s order: install-completed only after install, uninstall only after install-completed', async () => {
    assert.equal((await call('POST', '/api/v1/softpos/terminal/T-1/install-completed')).body.type, 'INSTALL_NOT_STARTED')
    assert.equal((await call('POST', '/api/v1/softpos/terminal/T-1/uninstall')).body.type, 'INSTALL_NOT_COMPLETED')
    const started = await call('POST', '/api/v1/softpos/terminal/T-1/install')
    assert.equal(started.body.installationStatus, 'not_installed')
    assert.match(String(started.body.installationPayload), /^SPOS1-T-1-/)
    assert.equal((await call('POST', '/api/v1/softpos/terminal/T-1/uninstall')).status, 409)
    const completed = await call('POST', '/api/v1/softpos/terminal/T-1/install-completed')
    assert.deepEqual([completed.status, completed.body.installationStatus], [200, 'installed'])
    assert.equal((await call('POST', '/api/v1/softpos/terminal/T-1/install')).body.type, 'TERMINAL_ALREADY_INSTALLED')
    assert.equal((await call('GET', '/api/v1/softpos/terminal/T-404')).status, 404)
  })

  it('creates a payment once per merchantOrderReference and reads it by reference', async () => {
    const first = await call('POST', '/api/v1/payment', payment('order-a'))
    const again = await call('POST', '/api/v1/payment', payment('order-a'))
    assert.equal(first.status, 201)
    assert.equal(again.status, 200)
    assert.equal(again.body.reference, first.body.reference)
    assert.equal(backend.transactions().filter((t) => t.merchantOrderReference === 'order-a').length, 1)
    assert.equal((await call('POST', '/api/v1/payment', payment('order-a', '11.00'))).body.type, 'DUPLICATE_MERCHANT_ORDER_REFERENCE')
    const read = await call('GET', `/api/v1/transaction?reference=${String(first.body.reference)}`)
    assert.deepEqual([read.body.status, read.body.amount, read.body.method], ['pending', '10.00', 'softpos'])
    assert.equal((await call('GET', '/api/v1/transaction?reference=nope')).status, 404)
  })

  it('answers bad input with 400 and a message, and keeps serving', async () => {
    assert.equal((await call('POST', '/api/v1/payment', '{not json')).body.type, 'INVALID_JSON')
    assert.match(String((await call('POST', '/api/v1/payment', { ...payment('order-b'), method: 'card' })).body.message), /method must be "softpos"/)
    assert.match(String((await call('POST', '/api/v1/payment', { ...payment('order-b'), amount: '10,00' })).body.message), /two decimals/)
    assert.match(String((await call('POST', '/api/v1/payment', { ...payment('order-b'), amount: 10 })).body.message), /decimal text/)
    assert.equal((await call('POST', '/api/v1/payment', [1, 2])).status, 400)
    assert.equal((await call('GET', '/api/v1/payment')).status, 405)
    assert.equal((await call('GET', '/api/v2/elsewhere')).status, 404)
    assert.equal((await call('GET', '/api/v1/transaction')).status, 400)
    assert.equal((await call('GET', '/api/v1/softpos/terminal/%E0%A4%A')).status, 400)
    assert.equal((await call('POST', '/api/v1/payment', 'x'.repeat(70_000))).status, 413)
    assert.equal((await call('GET', '/api/v1/softpos/terminal/T-1')).status, 200)
  })

  it('posts a webhook that carries only the id when a payment becomes final', async () => {
    const received: unknown[] = []
    const receiver = createServer((request, response) => {
      let text = ''
      request.on('data', (c: Buffer) => { text += c.toString() })
      request.on('end', () => { received.push(JSON.parse(text)); response.writeHead(204).end() })
    })
    const at = await listenAt(receiver, { host: '127.0.0.1', port: 0 })
    try {
      const created = await call('POST', '/api/v1/payment', { ...payment('order-c'), webhookUrl: `http://127.0.0.1:${at.port}/hook` })
      const handedOver = phone.startPayment(String(created.body.reference))
      // The phone holds no installation in this test: it refuses, and the payment expires on CCV's side.
      assert.deepEqual(await handedOver, { kind: 'refused', failure: { name: 'TERMINAL_NOT_INSTALLED' } })
      await driveUntilSettled(clock, new Promise<void>((done) => backend.onFinal((tx) => { if (tx.reference === created.body.reference) done() })), { what: 'the expiry', settleIo: () => meter.settle() })
      await meter.settle()
      assert.deepEqual(received, [{ id: created.body.reference }])
      assert.equal(backend.transaction(String(created.body.reference)).status, 'failed')
      assert.deepEqual(backend.charges, [])
    } finally {
      receiver.closeAllConnections()
      receiver.close()
    }
  })
})
