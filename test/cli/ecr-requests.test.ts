import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { UsageError } from '../../src/cli/cli-args'
import { parseEcrArgs, runEcr } from '../../src/cli/ecr'
import { buildRequest, parseAmount, parseCommand, type EcrCommand } from '../../src/cli/ecr-requests'
import { EXIT, exitCodeOf, maskCardNumber, notSentResult, resultOf, unknownResult } from '../../src/cli/ecr-result'
import { parseTerminalArgs } from '../../src/cli/ccv-terminal'
import { decodeMessage, encodeMessage } from '../../src/opi/codec'
import type { CardServiceRequest, CardServiceResponse, ServiceResponse } from '../../src/opi/messages'
import { money } from '../../src/opi/money'

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
  it('defaults to the NL ports, and to any free device port for abort and status', () => {
    const pay = parseEcrArgs(['pay', '1.00'])
    assert.ok(!pay.help)
    assert.deepEqual([pay.invocation.terminal, pay.invocation.listen, pay.invocation.timeoutMs], [{ host: '127.0.0.1', port: 4100 }, { host: '0.0.0.0', port: 4102 }, 330_000])
    const abort = parseEcrArgs(['abort', '--dialect', 'de', '--terminal', '10.0.0.9:20002'])
    assert.ok(!abort.help)
    assert.deepEqual([abort.invocation.terminal, abort.invocation.listen], [{ host: '10.0.0.9', port: 20002 }, { host: '0.0.0.0', port: 0 }])
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

  it('gives distinct exit codes for not sent and for result unknown', () => {
    assert.equal(exitCodeOf(notSentResult(pay, request, 'nobody listens')), EXIT.notSent)
    assert.equal(exitCodeOf(unknownResult(pay, request, 'link broken')), EXIT.unknown)
    assert.equal(new Set(Object.values(EXIT)).size, 5)
  })

  it('reports what a repeated message repeats, and reconciliation totals', () => {
    const repeated = resultOf({ name: 'repeat-last' }, buildRequest({ name: 'repeat-last' }, context), response('Success', {
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
