import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parsePaymentApiArgs, startPaymentApi } from '../../src/cli/ccv-payment-api'
import { UsageError } from '../../src/cli/cli-args'
import { DEFAULT_PHONE_TIMINGS } from '../../src/softpos/phone/softpos-app'

describe('ccv-payment-api command line', () => {
  it('listens on loopback with the test key and T-1001 unless told otherwise', () => {
    assert.deepEqual(parsePaymentApiArgs([]), { help: false, options: { listen: { host: '127.0.0.1', port: 4190 }, apiKey: 't_softpos_simulator_key', terminals: ['T-1001'], cardholderDelayMs: 1000 } })
    assert.deepEqual(parsePaymentApiArgs(['--help']), { help: true })
    const manual = parsePaymentApiArgs(['--manual', '--terminal', 'A-1', '--terminal', 'B-2', '--listen', '0.0.0.0:0'])
    assert.deepEqual(manual.help === false && manual.options, { listen: { host: '0.0.0.0', port: 0 }, apiKey: 't_softpos_simulator_key', terminals: ['A-1', 'B-2'], cardholderDelayMs: undefined })
  })

  it('refuses live keys, bad terminal ids and unknown options with a usage error', () => {
    assert.throws(() => parsePaymentApiArgs(['--api-key', 'l_live']), UsageError)
    assert.throws(() => parsePaymentApiArgs(['--terminal', 'a b']), UsageError)
    assert.throws(() => parsePaymentApiArgs(['--nope']), UsageError)
    assert.throws(() => parsePaymentApiArgs(['--cardholder-delay', '-1']), UsageError)
  })

  it('lets a developer play the phone and the cardholder through the control routes', async () => {
    const server = await startPaymentApi({ listen: { host: '127.0.0.1', port: 0 }, apiKey: 't_dev_key', terminals: ['T-1'], cardholderDelayMs: undefined }, () => undefined, { ...DEFAULT_PHONE_TIMINGS, installMs: 0 })
    const key = { authorization: `Basic ${Buffer.from('t_dev_key:').toString('base64')}` }
    const post = async (path: string, body?: unknown, headers = {}) => (await fetch(`${server.baseUrl}${path}`, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<Record<string, unknown>>
    try {
      const { installationPayload } = await post('/api/v1/softpos/terminal/T-1/install', undefined, key)
      assert.deepEqual(await post('/control/phone/install-terminal', { installationPayload }), { kind: 'TerminalInstalled', terminalId: 'T-1' })
      await post('/api/v1/softpos/terminal/T-1/install-completed', undefined, key)
      const { reference } = await post('/api/v1/payment', { amount: '2.50', currency: 'EUR', method: 'softpos', merchantOrderReference: 'dev-1', details: { terminalId: 'T-1' } }, key)
      assert.deepEqual(await post('/control/phone/start-payment', { reference }), { handedOver: true, screen: 'card prompt' })
      assert.deepEqual(await post('/control/phone/start-payment', { reference }), { kind: 'refused', failure: { code: 11012, name: 'APP_BUSY_WITH_PREVIOUS_REQUEST' } })
      assert.deepEqual(await post('/control/cardholder/tap', { issuer: 'maybe' }), { type: 'INVALID_REQUEST', message: 'issuer must be "approves" or "declines"' })
      assert.equal((await post('/control/nowhere')).type, 'NOT_FOUND')
    } finally {
      await server.close()
    }
  })
})
