import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { runEcr } from '../../src/cli/ecr'
import { startTerminalServer, type RunningTerminalServer } from '../../src/cli/terminal-server'
import { TcpTransport } from '../../src/link/tcp-transport'
import { describeEndpoint, type Listener } from '../../src/link/transport'
import { DIALECTS } from '../../src/opi/dialect'
import type { CardServiceRequest, CardServiceResponse, OpiMessage, ServiceRequest, ServiceResponse } from '../../src/opi/messages'
import { money } from '../../src/opi/money'
import { OpiConnection } from '../../src/opi/opi-connection'

const PAN = '6799998900000060018'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Runs the bench ECR in this process and keeps what it wrote. */
async function ecr(args: string[], onInterrupt?: (abort: () => void) => void) {
  let out = ''
  const err: string[] = []
  const code = await runEcr(args, { out: (t) => { out += t }, err: (l) => err.push(l), onInterrupt })
  return { code, out, err, json: out.startsWith('{') ? JSON.parse(out) as Record<string, unknown> : undefined }
}

describe('bench: ECR command line against the simulated terminal server', () => {
  let server: RunningTerminalServer
  let ecrPort: number
  const progress: string[] = []
  const target = () => ['--terminal', describeEndpoint(server.channel0), '--listen', `127.0.0.1:${ecrPort}`, '--timeout', '20']

  before(async () => {
    ecrPort = await freePort()
    server = await startTerminalServer({
      listen: { host: '127.0.0.1', port: 0 }, ecr: { host: '127.0.0.1', port: ecrPort }, dialect: 'nl', seed: 3,
      cardholder: true, cardholderDelayMs: 20, card: 'maestro', entry: 'chip', control: { host: '127.0.0.1', port: 0 }, hostLatencyMs: 10,
    }, (line) => progress.push(line))
  })
  after(() => server.stop())

  it('pay 10.00: approved, exit 0, with what the terminal showed and printed', async () => {
    const run = await ecr(['pay', '10.00', ...target()])
    assert.equal(run.code, 0, run.err.join('\n'))
    assert.equal(run.json?.status, 'approved')
    assert.equal(run.json?.overallResult, 'Success')
    assert.equal(run.json?.amount, '10.00')
    assert.match(String(run.json?.approvalCode), /^[A-Z0-9]{6}$/)
    assert.equal(run.json?.maskedPan, '***************0018')
    assert.ok(run.err.includes('cashier display: Present card / 10.00 EUR'), run.err.join('\n'))
    assert.ok(run.err.includes('receipt printer printed:'))
    assert.ok(run.err.some((l) => l.includes('APPROVED')))
    assert.ok(progress.some((l) => l.startsWith('default cardholder: presents Maestro by chip')))
    assert.ok(![...run.err, run.out, ...progress].some((l) => l.includes(PAN)), 'a full card number was written')
  })

  it('pay 50.05: the test host declines it, exit 1', async () => {
    const run = await ecr(['pay', '50.05', ...target()])
    assert.equal(run.code, 1)
    assert.deepEqual([run.json?.status, run.json?.actionCode, run.json?.reason], ['declined', '05', 'do not honour'])
  })

  it('status: the idle terminal answers, exit 0', async () => {
    const run = await ecr(['status', '--terminal', describeEndpoint(server.channel0), '--listen', '127.0.0.1:0'])
    assert.equal(run.code, 0)
    assert.deepEqual([run.json?.requestType, run.json?.overallResult], ['GetStatus', 'Success'])
  })

  it('refund: reports the terminal\'s refusal of a request it does not simulate yet, exit 1', async () => {
    const run = await ecr(['refund', '5.00', ...target()])
    assert.equal(run.code, 1)
    assert.deepEqual([run.json?.requestType, run.json?.status, run.json?.reason], ['PaymentRefund', 'failed', 'PaymentRefund is not simulated yet'])
  })

  it('the control channel answers over HTTP and shows the last answer', async () => {
    const base = `http://${describeEndpoint(server.controlEndpoint)}`
    const status = await fetch(`${base}/status`)
    assert.equal(status.status, 200)
    const body = await status.json() as { state: string; lastAnswer: { requestType: string }; host: { authorisations: number } }
    assert.deepEqual([body.state, body.lastAnswer.requestType, body.host.authorisations], ['idle', 'PaymentRefund', 2])
    const bad = await fetch(`${base}/cardholder/present`, { method: 'POST', body: '{"card":' })
    assert.equal(bad.status, 400)
    assert.match((await bad.json() as { error: string }).error, /not valid JSON/)
  })

  it('a person plays the cardholder through the control channel', async () => {
    const base = `http://${describeEndpoint(server.controlEndpoint)}`
    const post = (path: string, body?: unknown) => fetch(`${base}${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) })
    assert.equal((await post('/cardholder/default', { enabled: false })).status, 200)
    try {
      const paying = ecr(['pay', '12.34', ...target()])
      while ((await (await fetch(`${base}/status`)).json() as { screen: { prompt: string } }).screen.prompt !== 'present card') await new Promise((r) => setTimeout(r, 5))
      assert.equal((await post('/cardholder/present', { card: 'visa', entry: 'contactless' })).status, 200)
      const run = await paying
      assert.deepEqual([run.code, run.json?.status, run.json?.cardCircuit], [0, 'approved', 'VISA'])
    } finally {
      await post('/cardholder/default', { enabled: true })
    }
  })

  it('an unreachable terminal: not sent, exit 3, distinct from a decline', async () => {
    const run = await ecr(['pay', '1.00', '--terminal', `127.0.0.1:${await freePort()}`, '--listen', '127.0.0.1:0'])
    assert.equal(run.code, 3)
    assert.equal(run.json?.status, 'not sent')
    assert.match(String(run.json?.reason), /cannot be reached/)
  })

  it('bad amounts are refused before anything is sent, exit 2', async () => {
    const run = await ecr(['pay', '10,00', ...target()])
    assert.equal(run.code, 2)
    assert.equal(run.out, '')
    assert.match(run.err[0], /not a plain decimal amount/)
  })
})

type Answer = (request: CardServiceRequest | ServiceRequest, connection: OpiConnection) => CardServiceResponse | ServiceResponse | 'hang up' | 'hold'

/** A stand-in terminal for requests the simulator does not play yet: answers by the rule given. */
async function stubTerminal(answer: Answer): Promise<{ listener: Listener; seen: OpiMessage[] }> {
  const seen: OpiMessage[] = []
  const listener = await new TcpTransport().listen({ host: '127.0.0.1', port: 0 }, (raw) => {
    const opi = new OpiConnection(raw, { format: DIALECTS.nl.format })
    opi.onMessage((message) => {
      seen.push(message)
      if (message.kind !== 'CardServiceRequest' && message.kind !== 'ServiceRequest') return
      const response = answer(message, opi)
      if (response === 'hang up') opi.close()
      else if (response !== 'hold') opi.send(response)
    })
  })
  return { listener, seen }
}

const reply = (request: CardServiceRequest | ServiceRequest, overallResult: CardServiceResponse['overallResult'], extra: object = {}) =>
  ({ kind: request.kind === 'CardServiceRequest' ? 'CardServiceResponse' : 'ServiceResponse', requestType: request.requestType, requestId: request.requestId, workstationId: request.workstationId, overallResult, ...extra }) as CardServiceResponse

describe('bench: ECR command line against a stand-in terminal', () => {
  const opts = (listener: Listener) => ['--terminal', describeEndpoint(listener.endpoint), '--listen', '127.0.0.1:0', '--timeout', '10']

  it('repeat-last reports the repeated answer and what it repeats', async () => {
    const stub = await stubTerminal((r) => reply(r, 'Success', { originalHeader: { requestId: '77', requestType: 'CardPayment' }, tender: { totalAmount: money(1000), authorisation: { approvalCode: 'Q1W2E3', cardPan: PAN } } }))
    const run = await ecr(['repeat-last', ...opts(stub.listener)])
    await stub.listener.close()
    assert.equal(run.code, 0)
    assert.deepEqual([run.json?.requestType, run.json?.repeats, run.json?.approvalCode, run.json?.maskedPan], ['RepeatLastMessage', { requestId: '77', requestType: 'CardPayment' }, 'Q1W2E3', '***************0018'])
    assert.equal(stub.seen[0].kind, 'CardServiceRequest')
  })

  it('reprint and reconcile --close send the right requests and report the answers', async () => {
    const stub = await stubTerminal((r) => r.requestType === 'TicketReprint' ? reply(r, 'Failure', { privateData: { errorText: 'no ticket to reprint' } })
      : reply(r, 'Success', { reconciliation: { totals: [{ amount: money(2500), cardCircuit: 'VISA', numberPayments: 2 }] } }))
    const reprint = await ecr(['reprint', ...opts(stub.listener)])
    const reconcile = await ecr(['reconcile', '--close', ...opts(stub.listener)])
    await stub.listener.close()
    assert.deepEqual([reprint.code, reprint.json?.status, reprint.json?.reason], [1, 'failed', 'no ticket to reprint'])
    assert.deepEqual([reconcile.code, reconcile.json?.requestType, reconcile.json?.totals], [0, 'ReconciliationWithClosure', [{ cardCircuit: 'VISA', count: 2, amount: '25.00', currency: 'EUR' }]])
    assert.deepEqual(stub.seen.map((m) => `${m.kind} ${m.requestType}`), ['CardServiceRequest TicketReprint', 'ServiceRequest ReconciliationWithClosure'])
  })

  it('a terminal that hangs up before answering leaves the result unknown, exit 4', async () => {
    const stub = await stubTerminal(() => 'hang up')
    const run = await ecr(['pay', '10.00', ...opts(stub.listener)])
    await stub.listener.close()
    assert.equal(run.code, 4)
    assert.equal(run.json?.status, 'result unknown')
    assert.match(String(run.json?.reason), /repeat-last/)
  })

  it('Ctrl-C during a payment sends an abort; the payment\'s own answer is the result', async () => {
    let held: { request: CardServiceRequest | ServiceRequest; connection: OpiConnection } | undefined
    const stub = await stubTerminal((request, connection) => {
      if (request.requestType === 'CardPayment') { held = { request, connection }; return 'hold' }
      held?.connection.send(reply(held.request, 'Aborted'))
      return reply(request, 'Success')
    })
    const run = await ecr(['pay', '10.00', ...opts(stub.listener)], (abort) => {
      const waitForPayment = () => { if (held) abort(); else setTimeout(waitForPayment, 5) }
      waitForPayment()
    })
    await stub.listener.close()
    assert.deepEqual([run.code, run.json?.status], [1, 'aborted'])
    assert.deepEqual(stub.seen.map((m) => m.requestType), ['CardPayment', 'AbortRequest'])
    assert.ok(run.err.includes('the terminal answered the abort: Success'), run.err.join('\n'))
  })
})
