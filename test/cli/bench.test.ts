// The bench command lines: parsing, requests and results first, then both programs end to end over loopback.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { after, before, describe, it } from 'node:test'
import { runEcr, parseEcrArgs } from '../../src/cli/ecr'
import { startTerminalServer, type RunningTerminalServer } from '../../src/cli/terminal-server'
import { TcpTransport } from '../../src/link/tcp-transport'
import { describeEndpoint, type Listener } from '../../src/link/transport'
import { DIALECTS } from '../../src/opi/dialect'
import type { CardServiceRequest, CardServiceResponse, OpiMessage, ServiceRequest, ServiceResponse } from '../../src/opi/messages'
import { money } from '../../src/opi/money'
import { OpiConnection } from '../../src/opi/opi-connection'
import { UsageError } from '../../src/cli/cli-args'
import { buildRequest, parseAmount, parseCommand, type EcrCommand } from '../../src/cli/ecr-requests'
import { EXIT, exitCodeOf, maskCardNumber, notSentResult, resultOf, unknownResult } from '../../src/cli/ecr-result'
import { parseTerminalArgs } from '../../src/cli/ccv-terminal'
import { decodeMessage, encodeMessage } from '../../src/opi/codec'
import { freePort } from '../../src/link/free-port'

const context = { requestId: '42', workstationId: 'LANE-7', atMs: Date.UTC(2026, 0, 15, 9), languageCode: 'nl', applicationSender: 'bench' }

describe('bench ECR: amounts', () => {
  it('reads plain decimal amounts above zero', () => {
    assert.deepEqual(parseAmount('10.00'), money(1000))
    assert.deepEqual(parseAmount('0.01'), money(1))
    assert.deepEqual(parseAmount('50.5'), money(5050))
    assert.deepEqual(parseAmount('7'), money(700))
    assert.deepEqual(parseAmount('999999.99'), money(99_999_999))
  })

  it('refuses anything else before it is sent', () => {
    for (const text of ['0', '0.00', '-5.00', '+5', '10,00', '1.000,00', '1,000.00', '10.001', '.5', '5.', 'ten', '', '1e3', '1000000.00']) {
      assert.throws(() => parseAmount(text), UsageError, text)
    }
    assert.throws(() => parseAmount(undefined), /an amount is needed/)
  })
})

describe('bench ECR: commands and requests', () => {
  const requests: [string[], boolean, string, string, number | undefined][] = [
    [['pay', '10.00'], false, 'CardServiceRequest', 'CardPayment', 1000],
    [['refund', '2.50'], false, 'CardServiceRequest', 'PaymentRefund', 250],
    [['abort'], false, 'CardServiceRequest', 'AbortRequest', undefined],
    [['repeat-last'], false, 'CardServiceRequest', 'RepeatLastMessage', undefined],
    [['reprint'], false, 'CardServiceRequest', 'TicketReprint', undefined],
    [['status'], false, 'ServiceRequest', 'GetStatus', undefined],
    [['reconcile'], false, 'ServiceRequest', 'Reconciliation', undefined],
    [['reconcile'], true, 'ServiceRequest', 'ReconciliationWithClosure', undefined],
    [['login'], false, 'ServiceRequest', 'Login', undefined],
    [['logoff'], false, 'ServiceRequest', 'Logoff', undefined],
  ]
  for (const [words, close, kind, requestType, minor] of requests) {
    it(`${words.join(' ')}${close ? ' --close' : ''} sends ${kind} ${requestType}, and it survives the wire`, () => {
      const request = buildRequest(parseCommand(words, close), context)
      const decoded = decodeMessage(encodeMessage(request).bytes).message
      assert.equal(decoded.kind, kind)
      assert.equal(decoded.requestType, requestType)
      assert.deepEqual([decoded.requestId, decoded.workstationId], ['42', 'LANE-7'])
      if (decoded.kind === 'CardServiceRequest' || decoded.kind === 'ServiceRequest') {
        assert.equal(decoded.posData.posTimeStamp, '2026-01-15T09:00:00')
        assert.equal(decoded.posData.printerStatus, 'Available')
      }
      assert.equal(decoded.kind === 'CardServiceRequest' ? decoded.totalAmount?.minor : undefined, minor)
    })
  }

  it('refuses unknown commands, missing and extra arguments, and misplaced options', () => {
    assert.throws(() => parseCommand([], false), /say what to do: pay, refund/)
    assert.throws(() => parseCommand(['sell', '1'], false), /unknown command "sell"/)
    assert.throws(() => parseCommand(['pay'], false), /an amount is needed/)
    assert.throws(() => parseCommand(['pay', '1', '2'], false), /pay takes one amount; unexpected "2"/)
    assert.throws(() => parseCommand(['status', 'now'], false), /status takes no arguments/)
    assert.throws(() => parseCommand(['pay', '1'], true), /--close belongs to reconcile/)
  })
})

describe('bench ECR: options', () => {
  it('defaults to the NL ports on loopback, and to any free device port for abort and status', () => {
    const pay = parseEcrArgs(['pay', '1.00'])
    assert.ok(!pay.help)
    assert.deepEqual([pay.invocation.terminal, pay.invocation.listen, pay.invocation.timeoutMs], [{ host: '127.0.0.1', port: 4100 }, { host: '127.0.0.1', port: 4102 }, 330_000])
    const abort = parseEcrArgs(['abort', '--dialect', 'de', '--terminal', '10.0.0.9:20002'])
    assert.ok(!abort.help)
    assert.deepEqual([abort.invocation.terminal, abort.invocation.listen], [{ host: '10.0.0.9', port: 20002 }, { host: '127.0.0.1', port: 0 }])
    const de = parseEcrArgs(['pay', '1', '--dialect', 'de', '--listen', '127.0.0.1:0', '--timeout', '5', '--workstation', 'POS-2'])
    assert.ok(!de.help)
    assert.deepEqual([de.invocation.terminal.port, de.invocation.listen, de.invocation.timeoutMs, de.invocation.context.workstationId], [20002, { host: '127.0.0.1', port: 0 }, 5000, 'POS-2'])
  })

  it('says what is wrong with an option', () => {
    assert.throws(() => parseEcrArgs(['pay', '1', '--terminal', 'x:99999']), /--terminal must be host:port/)
    assert.throws(() => parseEcrArgs(['pay', '1', '--dialect', 'fr']), /--dialect must be one of nl, de/)
    assert.throws(() => parseEcrArgs(['pay', '1', '--timeout', '0']), /--timeout must be a whole number from 1/)
    assert.throws(() => parseEcrArgs(['pay', '1', '--colour', 'red']), /Unknown option '--colour'/)
    assert.throws(() => parseEcrArgs(['pay', '1', '--workstation', 'a b']), /--workstation must be/)
    assert.throws(() => parseEcrArgs(['pay', '1', '--confirm', 'maybe']), /--confirm must be one of yes, no/)
    assert.throws(() => parseEcrArgs(['pay', '-5.00']), /amounts must be above zero; for money back use refund/)
  })
})

describe('bench ECR: results', () => {
  const pay: EcrCommand = { name: 'pay', amount: money(1000) }
  const request = buildRequest(pay, context) as CardServiceRequest
  const response = (overallResult: CardServiceResponse['overallResult'], extra: Partial<CardServiceResponse> = {}): CardServiceResponse => ({
    kind: 'CardServiceResponse', requestType: 'CardPayment', requestId: '42', workstationId: 'LANE-7', overallResult, ...extra,
  })

  it('never shows a card number, even one a terminal sends unmasked', () => {
    assert.equal(maskCardNumber('6799998900000060018'), '***************0018')
    assert.equal(maskCardNumber('672667#########3214'), '******#########3214')
    const result = resultOf(pay, request, response('Success', { tender: { totalAmount: money(1000), authorisation: { cardPan: '4761739001010010', approvalCode: 'AB12CD' } } }))
    assert.equal(result.maskedPan, '************0010')
    assert.ok(!JSON.stringify(result).includes('4761739001010010'))
  })

  it('tells a decline from a refusal, and both from success', () => {
    const declined = resultOf(pay, request, response('Failure', { tender: { authorisation: { actionCode: '05', cardPan: '****0018' } } }))
    assert.deepEqual([declined.status, declined.reason, exitCodeOf(declined)], ['declined', 'do not honour', EXIT.notSucceeded])
    const refused = resultOf({ name: 'refund', amount: money(100) }, request, response('Failure', { privateData: { errorText: 'PaymentRefund is not simulated yet' } }))
    assert.deepEqual([refused.status, refused.reason, exitCodeOf(refused)], ['failed', 'PaymentRefund is not simulated yet', EXIT.notSucceeded])
    const approved = resultOf(pay, request, response('Success', { tender: { totalAmount: money(1000) } }))
    assert.deepEqual([approved.status, approved.amount, approved.currency, exitCodeOf(approved)], ['approved', '10.00', 'EUR', EXIT.succeeded])
  })

  it('trusts a repeated answer only when its OriginalHeader names the lost request of this workstation', () => {
    const repeat = (lost: string | undefined, originalHeader?: { requestId: string; workstationId?: string }) => resultOf(
      { name: 'repeat-last', lost }, buildRequest({ name: 'repeat-last' }, context),
      response('Failure', { requestType: 'RepeatLastMessage', originalHeader, tender: { totalAmount: money(5005), authorisation: { actionCode: '05' } } }))
    const cases = [
      repeat('41', { requestId: '41', workstationId: 'LANE-7' }),
      repeat('41', { requestId: '52', workstationId: 'LANE-7' }),
      repeat('41', { requestId: '41', workstationId: 'LANE-8' }),
      repeat(undefined, { requestId: '41', workstationId: 'LANE-7' }),
      repeat('41'),
    ]
    assert.deepEqual(cases.map((r) => [r.status, exitCodeOf(r)]), [['declined', 1], ['result unknown', 4], ['result unknown', 4], ['result unknown', 4], ['result unknown', 4]])
    assert.deepEqual(cases.slice(1).map((r) => r.reason), [
      'the terminal\'s last transaction is request 52, not the lost request 41; check the terminal\'s journal before taking the payment again',
      'the terminal\'s last transaction is request 41 of workstation LANE-8, not this register\'s (LANE-7); check the terminal\'s journal before taking the payment again',
      'the terminal repeats its answer to request 41; give --lost <RequestID> (the requestId of the command that lost its answer) so the register can tell whether that is the lost request',
      'the terminal did not say which request it repeats (no OriginalHeader), so it cannot be matched to the lost request',
    ])
    assert.throws(() => parseCommand(['pay', '1'], false, '41'), /--lost belongs to repeat-last/)
  })

  it('gives distinct exit codes for not sent and for result unknown', () => {
    assert.equal(exitCodeOf(notSentResult(pay, request, 'nobody listens')), EXIT.notSent)
    assert.equal(exitCodeOf(unknownResult(pay, request, 'link broken')), EXIT.unknown)
    assert.equal(new Set(Object.values(EXIT)).size, 5)
  })

  it('reports what a repeated message repeats, and reconciliation totals', () => {
    const repeated = resultOf({ name: 'repeat-last', lost: '41' }, buildRequest({ name: 'repeat-last' }, context), response('Success', {
      requestType: 'RepeatLastMessage', originalHeader: { requestId: '41', requestType: 'CardPayment' }, tender: { totalAmount: money(1234), authorisation: { approvalCode: 'X1' } },
    }))
    assert.deepEqual([repeated.repeats, repeated.amount, repeated.status], [{ requestId: '41', requestType: 'CardPayment' }, '12.34', 'approved'])
    const totals: ServiceResponse = {
      kind: 'ServiceResponse', requestType: 'Reconciliation', requestId: '42', workstationId: 'LANE-7', overallResult: 'Success',
      reconciliation: { totals: [{ amount: money(5000), cardCircuit: 'MAES', numberPayments: 3, paymentType: 'Debit' }] },
    }
    assert.deepEqual(resultOf({ name: 'reconcile', close: false }, buildRequest({ name: 'reconcile', close: false }, context), totals).totals,
      [{ cardCircuit: 'MAES', paymentType: 'Debit', count: 3, amount: '50.00', currency: 'EUR' }])
  })
})

describe('simulated terminal command line', () => {
  it('defaults to the NL ports, a default cardholder after one second and the control channel on 4180', () => {
    const parsed = parseTerminalArgs([])
    assert.ok(!parsed.help)
    const o = parsed.options
    assert.deepEqual([o.listen, o.ecr, o.control, o.cardholder, o.cardholderDelayMs, o.card, o.entry, o.dialect],
      [{ host: '127.0.0.1', port: 4100 }, { host: '127.0.0.1', port: 4102 }, { host: '127.0.0.1', port: 4180 }, true, 1000, 'maestro', 'chip', 'nl'])
  })

  it('takes the DE ports, a manual cardholder and other options', () => {
    const parsed = parseTerminalArgs(['--dialect', 'de', '--manual', '--host', '0.0.0.0', '--control', '0.0.0.0:9000', '--cardholder-delay', '20', '--seed', '7', '--card', 'Visa', '--entry', 'contactless'])
    assert.ok(!parsed.help)
    const o = parsed.options
    assert.deepEqual([o.listen, o.ecr.port, o.control, o.cardholder, o.cardholderDelayMs, o.seed, o.card, o.entry],
      [{ host: '0.0.0.0', port: 20002 }, 20007, { host: '0.0.0.0', port: 9000 }, false, 20, 7, 'visa', 'contactless'])
  })

  it('says what is wrong with an option', () => {
    assert.throws(() => parseTerminalArgs(['--port', 'http']), /--port must be a port number/)
    assert.throws(() => parseTerminalArgs(['--dialect', 'be']), /--dialect must be one of nl, de/)
    assert.throws(() => parseTerminalArgs(['--cardholder-delay', '1.5']), /--cardholder-delay must be a whole number/)
    assert.throws(() => parseTerminalArgs(['--card', 'diners']), /--card must be one of maestro/)
    assert.throws(() => parseTerminalArgs(['--card', 'v pay', '--entry', 'magstripe']), /cannot be read by magstripe/)
    assert.throws(() => parseTerminalArgs(['--prot', '4100']), /Unknown option '--prot'/)
    assert.throws(() => parseTerminalArgs(['4100']), /Unexpected argument '4100'/)
    assert.deepEqual(parseTerminalArgs(['--help']), { help: true })
  })
})

describe('bench ECR: help', () => {
  it('explains the commands and the exit codes', async () => {
    let out = ''
    const code = await runEcr(['--help'], { out: (t) => { out += t }, err: () => undefined })
    assert.equal(code, 0)
    assert.match(out, /pay <amount>/)
    assert.match(out, /Exit codes: 0 succeeded, 1 terminal said no/)
  })
})

const PAN = '6799998900000060018'


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

  it('refund 5.00: the card is read again and credited, exit 0, with the REFUND ticket', async () => {
    const run = await ecr(['refund', '5.00', ...target()])
    assert.equal(run.code, 0, run.err.join('\n'))
    assert.deepEqual([run.json?.requestType, run.json?.status, run.json?.overallResult, run.json?.amount], ['PaymentRefund', 'approved', 'Success', '5.00'])
    assert.equal(run.json?.maskedPan, '***************0018')
    assert.ok(run.err.includes('cashier display: Present card / Refund 5.00 EUR'), run.err.join('\n'))
    assert.ok(run.err.some((l) => /\| REFUND$/.test(l)), run.err.join('\n'))
    assert.ok(![...run.err, run.out, ...progress].some((l) => l.includes(PAN)), 'a full card number was written')
  })

  it('the control channel answers over HTTP and shows the last answer', async () => {
    const base = `http://${describeEndpoint(server.controlEndpoint)}`
    const status = await fetch(`${base}/status`)
    assert.equal(status.status, 200)
    const body = await status.json() as { state: string; lastAnswer: { requestType: string }; host: { authorisations: number } }
    assert.deepEqual([body.state, body.lastAnswer.requestType, body.host.authorisations], ['idle', 'PaymentRefund', 3])
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

  it('repeat-last after another lane\'s payment does not take that lane\'s answer for the lost one', async () => {
    const laneA = await ecr(['pay', '10.00', ...target()])
    const laneB = await ecr(['pay', '50.05', ...target()])
    const recovery = await ecr(['repeat-last', '--lost', String(laneA.json?.requestId), ...target()])
    assert.deepEqual([laneA.json?.status, laneB.json?.status], ['approved', 'declined'])
    assert.deepEqual([recovery.code, recovery.json?.status, (recovery.json?.repeats as { requestId?: string } | undefined)?.requestId], [4, 'result unknown', laneB.json?.requestId])
    assert.match(String(recovery.json?.reason), new RegExp(`not the lost request ${String(laneA.json?.requestId)}`))
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
    const run = await ecr(['repeat-last', '--lost', '77', ...opts(stub.listener)])
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

describe('the terminal server as a tester starts it', () => {
  it('takes a payment from the ECR command line and stops cleanly on SIGTERM', async () => {
    const [port, ecrPort, controlPort] = [await freePort(), await freePort(), await freePort()]
    const terminal = spawn(process.execPath, ['bin/ccv-terminal.cjs', '--port', String(port), '--ecr-port', String(ecrPort), '--control', String(controlPort), '--cardholder-delay', '20', '--host-latency', '10'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let progress = ''
    terminal.stdout.on('data', (chunk: Buffer) => { progress += chunk.toString() })
    try {
      const deadline = Date.now() + 15_000
      while (!progress.includes('listening at')) {
        if (terminal.exitCode !== null || Date.now() > deadline) assert.fail(`the terminal did not start: ${progress}`)
        await new Promise((r) => setTimeout(r, 20))
      }
      // The register runs in this process: one started process is enough to prove the starter and the signals.
      let out = ''
      const code = await runEcr(['pay', '10.00', '--terminal', `127.0.0.1:${port}`, '--listen', `127.0.0.1:${ecrPort}`, '--timeout', '20'], { out: (t) => { out += t }, err: () => undefined })
      assert.equal(code, 0, out)
      assert.equal((JSON.parse(out) as { status: string }).status, 'approved')
    } finally {
      terminal.kill('SIGTERM')
    }
    const [code] = await once(terminal, 'exit') as [number]
    assert.equal(code, 0)
    assert.match(progress, /SIGTERM: switching off/)
    assert.match(progress, /-> CardServiceResponse CardPayment #\d+ -> Success/)
  })
})
