// The driver client and the conformance check against a sloppy POS: a real HTTP server on a port it chose,
// answering outside the contract in known ways. Each failure must name the endpoint and the rule.
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { ConformanceCheck, type CheckResult } from '../../src/integration/conformance'
import { DriverCallFailed, DriverClient, DriverRefused } from '../../src/integration/driver-client'
import { money } from '../../src/opi/money'

type Answer = { status: number; body?: unknown; raw?: string; hangMs?: number }

/** Routes "METHOD /path" to an answer; anything else is the contract's 404. */
function sloppyPos(routes: Record<string, Answer>): Server {
  return createServer((request, response) => {
    request.resume()
    const answer = routes[`${request.method} ${request.url?.replace(/\?.*$/, '')}`] ?? { status: 404, body: { error: { code: 'not-found', message: 'no such endpoint' } } }
    const send = () => {
      response.writeHead(answer.status, { 'content-type': 'application/json' })
      response.end(answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body)))
    }
    if (answer.hangMs) setTimeout(send, answer.hangMs).unref()
    else send()
  })
}

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const VERSION = { contract: 'ccv-pos-driver', version: '0.1.0', parts: ['attended'], pos: { name: 'sloppy', version: '1' } }

describe('driver client against a sloppy POS', () => {
  const server = sloppyPos({
    'GET /version': { status: 200, body: VERSION },
    'GET /attended/state': { status: 200, raw: '<html>oops</html>' },
    'GET /attended/journal': { status: 200, body: { entries: [{ requestId: '1', requestType: 'CardPayment', result: 'ok', startedAtMs: 1 }] } },
    'POST /attended/abort': { status: 200, hangMs: 2000 },
    'POST /attended/card-payments': { status: 409, body: { error: { code: 'busy', message: 'op-1 is still running' } } },
    'POST /attended/refunds': { status: 500, body: { oops: true } },
  })
  let client: DriverClient
  before(async () => { client = new DriverClient({ baseUrl: await listening(server), timeoutMs: 300 }) })
  after(() => server.close())

  const failsWith = (message: RegExp) => (error: Error) => error instanceof DriverCallFailed && message.test(error.message)

  it('reads an answer within the contract', async () => {
    assert.deepEqual(await client.version(), VERSION)
  })

  it('names the endpoint of an answer that is not JSON', async () => {
    await assert.rejects(client.state(), failsWith(/^GET \/attended\/state: answered 200 with a body that is not JSON: <html>oops<\/html>$/))
  })

  it('names the schema rules an answer breaks', async () => {
    await assert.rejects(client.journal(), failsWith(/^GET \/attended\/journal: answered outside the contract's Journal: \/entries\/0 must have required property 'terminalRecord'; \/entries\/0\/result must be equal to one of the allowed values/))
  })

  it('gives up after its timeout', async () => {
    await assert.rejects(client.pressAbort(), failsWith(/^POST \/attended\/abort: no answer within 300 ms$/))
  })

  it('passes on the POS\'s own refusal with its reason', async () => {
    await assert.rejects(client.startCardPayment({ amount: '1.00', currency: 'EUR' }), (error: Error) => error instanceof DriverRefused && error.error.code === 'busy' && /op-1 is still running/.test(error.message))
  })

  it('says when an error answer lacks the contract\'s Error body', async () => {
    await assert.rejects(client.startRefund({ amount: '1.00', currency: 'EUR' }), failsWith(/^POST \/attended\/refunds: answered 500 without the contract's Error body/))
  })
})

describe('driver:check against a POS of another contract version', () => {
  const server = sloppyPos({ 'GET /version': { status: 200, body: { ...VERSION, version: '0.2.0' } } })
  let results: CheckResult[]
  before(async () => {
    results = await new ConformanceCheck({ baseUrl: await listening(server), timeoutMs: 300, operationTimeoutMs: 1000, amount: money(100), readOnly: true }).run()
  })
  after(() => server.close())

  it('fails the version check saying which versions differ', () => {
    assert.deepEqual(results[0], {
      part: 'attended', name: 'GET /version names this contract and a version it can speak', verdict: 'failed',
      detail: 'the POS implements contract 0.2.0; this check speaks 0.1.0 (major.minor must match)',
    })
  })

  it('fails each missing endpoint with the status it answered, and skips what --read-only leaves out', () => {
    assert.equal(results.find((r) => r.name.startsWith('GET /attended/display'))?.detail, 'GET /attended/display answered 404 (no such endpoint); the contract says 200')
    assert.deepEqual(results.filter((r) => r.verdict === 'skipped').map((r) => r.detail), [...Array<string>(7).fill('--read-only'), 'the POS does not declare the peripherals part', 'the POS does not declare the unattended part'])
  })
})

describe('driver:check against nothing at all', () => {
  it('says once that the POS does not answer, and checks nothing else', async () => {
    const server = sloppyPos({})
    const url = await listening(server)
    await new Promise((resolve) => server.close(resolve))
    const results = await new ConformanceCheck({ baseUrl: url, timeoutMs: 300, operationTimeoutMs: 1000, amount: money(100), readOnly: false }).run()
    assert.match(results[0].detail!, /^GET \/version: nothing listens at http:\/\/127\.0\.0\.1:\d+ \(connection refused\): is the POS's driver running\?$/)
    assert.deepEqual(new Set(results.slice(1).map((r) => `${r.verdict}: ${r.detail}`)), new Set(['skipped: not checked: the POS did not answer GET /version']))
  })
})

describe('driver:check and card numbers', () => {
  const server = sloppyPos({
    'GET /version': { status: 200, body: VERSION },
    'GET /attended/display': { status: 200, body: { messages: [] } },
    'GET /attended/printouts': { status: 200, body: { printouts: [{ atMs: 1, printer: 'receipt', lines: ['Card number 6703444444444449'] }] } },
    'GET /attended/journal': { status: 200, body: { entries: [] } },
  })
  let results: CheckResult[]
  before(async () => {
    results = await new ConformanceCheck({ baseUrl: await listening(server), timeoutMs: 300, operationTimeoutMs: 1000, amount: money(100), readOnly: true }).run()
  })
  after(() => server.close())

  it('fails a POS that printed a full card number, naming where', () => {
    assert.equal(results.find((r) => r.name.startsWith('No unmasked card number'))?.detail, 'GET /attended/printouts holds a full card number; mask it to its last four digits')
  })
})
