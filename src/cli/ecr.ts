import { parseArgs } from 'node:util'
import type { Clock } from '../clock/clock'
import { SystemClock } from '../clock/system-clock'
import { DeviceRequestDispatcher, parentRequestId } from '../ecr/device-request-dispatcher'
import { OpiClient, ResultUnknown, TerminalUnreachable } from '../ecr/opi-client'
import { TcpTransport } from '../link/tcp-transport'
import { describeEndpoint, type Endpoint } from '../link/transport'
import { DIALECTS, type Dialect } from '../opi/dialect'
import type { CardServiceRequest, DeviceRequest, DeviceResponse, ServiceRequest } from '../opi/messages'
import { benchPeripherals } from './bench-peripherals'
import { oneOf, parseEndpoint, parseWhole, UsageError, usageErrorFrom } from './cli-args'
import { buildRequest, parseCommand, type EcrCommand, type RequestContext } from './ecr-requests'
import { EXIT, exitCodeOf, notSentResult, resultOf, unknownResult, type EcrResult } from './ecr-result'

export const ECR_HELP = `ecr: the bench cash register; sends one request to a CCV terminal and reports the result

Usage: npm run -s ecr -- <command> [options]        (or: node bin/ecr.cjs <command> [options])

Commands:
  pay <amount>          card payment, e.g. pay 10.00
  refund <amount>       refund to a card
  abort                 abort the payment running on the terminal (from a second shell; Ctrl-C during pay does it too)
  status                is the terminal there and idle?
  reconcile [--close]   totals (X report); with --close, close the period (Z report)
  repeat-last --lost <id>  after a lost result: the terminal's last answer, trusted only if it names request <id>
  reprint               ask the terminal to print its last ticket again
  login, logoff         open or close this workstation's session (OPI-DE terminals want a login before paying)

Options:
  --terminal <host:port>   the terminal's request port, channel 0 (default 127.0.0.1:4100; 20002 for de)
  --listen <host:port>     where this register takes the terminal's device requests, channel 1
                           (default 127.0.0.1:4102; 20007 for de; abort, status, login, logoff: any free port;
                           0.0.0.0:4102 for a terminal on another machine). Device requests that do not
                           belong to the running request are refused and reported on stderr
  --dialect <nl|de>        OPI dialect (default nl)
  --workstation <id>       WorkstationID (default BENCH-1)
  --timeout <seconds>      how long to wait for the final answer (default 330)
  --request-id <id>        RequestID (default: from the clock)
  --confirm <yes|no>       answer to questions the terminal asks the cashier (default yes)
  --language <code>        cardholder language (default en)
  --help                   this text

What the terminal shows and prints goes to stderr as it arrives; the final result is JSON on stdout.
Exit codes: 0 succeeded, 1 terminal said no (declined, aborted, timed out, refused), 2 bad command line,
3 not sent (terminal unreachable), 4 result unknown (recover with repeat-last --lost <requestId> before paying again).
`

export interface EcrInvocation {
  command: EcrCommand
  terminal: Endpoint
  listen: Endpoint
  format: Dialect['format']
  timeoutMs: number
  confirm: boolean
  context: Omit<RequestContext, 'atMs' | 'requestId'> & { requestId?: string }
}

/** Where the bench writes; a test passes its own. */
export interface EcrIo {
  /** The final result, JSON. */
  out(text: string): void
  /** What the terminal shows and prints, and problems. */
  err(line: string): void
  /** Calls `handler` when the tester presses Ctrl-C; the payment is then aborted. */
  onInterrupt?(handler: () => void): void
}

export function parseEcrArgs(argv: string[]): { help: true } | { help: false; invocation: EcrInvocation } {
  let parsed
  try {
    parsed = parseArgs({
      args: argv, strict: true, allowPositionals: true,
      options: {
        terminal: { type: 'string' }, listen: { type: 'string' }, dialect: { type: 'string' }, workstation: { type: 'string' },
        timeout: { type: 'string' }, 'request-id': { type: 'string' }, confirm: { type: 'string' }, language: { type: 'string' },
        close: { type: 'boolean' }, lost: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    // parseArgs takes "-5.00" for an option; say what is really wrong.
    if (/Unknown option '-\d/.test((error as Error).message)) throw new UsageError('amounts must be above zero; for money back use refund with a positive amount')
    throw usageErrorFrom(error)
  }
  const { values, positionals } = parsed
  if (values.help) return { help: true }
  const command = parseCommand(positionals, values.close ?? false, values.lost)
  const opi = DIALECTS[oneOf(values.dialect ?? 'nl', '--dialect', Object.keys(DIALECTS) as Dialect['name'][])]
  // Abort and status come from a second shell while a payment runs, whose register holds the device port.
  const anyPort = command.name === 'abort' || command.name === 'status' || command.name === 'login' || command.name === 'logoff'
  const workstationId = values.workstation ?? 'BENCH-1'
  if (!/^[\w.-]{1,16}$/.test(workstationId)) throw new UsageError('--workstation must be 1 to 16 letters, digits, dots, dashes or underscores')
  const requestId = values['request-id']
  if (requestId !== undefined && !/^[\w.-]{1,32}$/.test(requestId)) throw new UsageError('--request-id must be 1 to 32 letters, digits, dots, dashes or underscores')
  const language = values.language ?? 'en'
  if (!/^[a-z]{2}$/.test(language)) throw new UsageError('--language must be a two-letter code such as en, nl or de')
  return {
    help: false,
    invocation: {
      command,
      terminal: parseEndpoint(values.terminal ?? String(opi.channel0Port), '--terminal', '127.0.0.1'),
      listen: parseEndpoint(values.listen ?? String(anyPort ? 0 : opi.channel1Port), '--listen', '127.0.0.1'),
      format: opi.format,
      timeoutMs: parseWhole(values.timeout ?? '330', '--timeout', 1, 3600) * 1000,
      confirm: oneOf(values.confirm ?? 'yes', '--confirm', ['yes', 'no']) === 'yes',
      context: { workstationId, requestId, languageCode: language, applicationSender: 'CCV bench ECR' },
    },
  }
}

/** Runs one bench command; resolves with the exit code. Never throws for anything the terminal does. */
export async function runEcr(argv: string[], io: EcrIo, clock: Clock = new SystemClock()): Promise<number> {
  let parsed
  try {
    parsed = parseEcrArgs(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.err(`ecr: ${error.message}`)
    io.err('ecr --help lists the commands and options.')
    return EXIT.usage
  }
  if (parsed.help) {
    io.out(ECR_HELP)
    return EXIT.succeeded
  }
  const { invocation } = parsed
  const request = buildRequest(invocation.command, {
    ...invocation.context, requestId: invocation.context.requestId ?? String(clock.now() % 100_000_000), atMs: clock.now(),
  })
  const result = await send(invocation, request, io, clock)
  io.out(`${JSON.stringify(result, null, 2)}\n`)
  return exitCodeOf(result)
}

async function send(invocation: EcrInvocation, request: CardServiceRequest | ServiceRequest, io: EcrIo, clock: Clock): Promise<EcrResult> {
  const { command } = invocation
  const dispatcher = new DeviceRequestDispatcher(benchPeripherals(clock, (line) => io.err(line), invocation.confirm))
  dispatcher.currentRequestId = request.requestId
  const client = new OpiClient({
    transport: new TcpTransport({ connectTimeoutMs: Math.min(10_000, invocation.timeoutMs) }), clock,
    terminal: invocation.terminal, deviceListener: invocation.listen, format: invocation.format, responseTimeoutMs: invocation.timeoutMs,
  }, (deviceRequest) => answerOwnDeviceRequest(deviceRequest, request, dispatcher, io))
  try {
    await client.start()
  } catch (error) {
    return notSentResult(command, request, `cannot take the terminal's device requests at ${describeEndpoint(invocation.listen)}: ${(error as Error).message}; choose another --listen`)
  }
  io.err(`sending ${request.requestType} #${request.requestId} to the terminal at ${describeEndpoint(invocation.terminal)}`)
  let aborting: Promise<void> | undefined
  if (request.requestType === 'CardPayment' || request.requestType === 'PaymentRefund') {
    io.onInterrupt?.(() => { aborting ??= abortFor(client, invocation, request, io, clock) })
  }
  try {
    return resultOf(command, request, await client.request(request))
  } catch (error) {
    if (error instanceof TerminalUnreachable) return notSentResult(command, request, error.message)
    if (error instanceof ResultUnknown) return unknownResult(command, request, `${error.message}; run repeat-last --lost ${request.requestId} before anything else`)
    throw error
  } finally {
    // The abort's own answer may come after the payment's; the tester should see it.
    await aborting
    await client.stop()
  }
}

/**
 * Only the running request's device requests are shown and printed: anything else on the device port
 * (another lane's receipt sent to the wrong register, or someone on the network printing a fake
 * "APPROVED") is refused as DeviceUnavailable, so the terminal knows it did not reach a printer.
 */
function answerOwnDeviceRequest(deviceRequest: DeviceRequest, running: CardServiceRequest | ServiceRequest, dispatcher: DeviceRequestDispatcher, io: EcrIo): Promise<DeviceResponse> {
  const parent = parentRequestId(deviceRequest.requestId, running.requestId)
  if (parent === running.requestId && deviceRequest.workstationId === running.workstationId) return dispatcher.handle(deviceRequest)
  io.err(`ignored device request ${deviceRequest.requestId} of workstation ${deviceRequest.workstationId || '(none)'}: it does not belong to ${running.requestType} #${running.requestId} of ${running.workstationId}`)
  return Promise.resolve({
    kind: 'DeviceResponse', requestType: deviceRequest.requestType, requestId: deviceRequest.requestId, workstationId: deviceRequest.workstationId,
    overallResult: 'DeviceUnavailable', outputs: deviceRequest.outputs.map((o) => ({ target: o.target, outResult: 'DeviceUnavailable' })),
  })
}

/** Ctrl-C during a payment: the cashier aborts it; the payment's own answer is still the result. */
async function abortFor(client: OpiClient, invocation: EcrInvocation, running: CardServiceRequest | ServiceRequest, io: EcrIo, clock: Clock): Promise<void> {
  const abort = buildRequest({ name: 'abort' }, { ...invocation.context, requestId: `${running.requestId}-abort`, atMs: clock.now() })
  io.err(`aborting ${running.requestType} #${running.requestId}`)
  try {
    const answer = await client.request(abort)
    io.err(`the terminal answered the abort: ${answer.overallResult}`)
  } catch (error) {
    io.err(`the abort did not get through: ${(error as Error).message}`)
  }
}

/** The command line itself: Ctrl-C once aborts a running payment, twice gives up. */
export function main(argv: string[]): void {
  let interrupted = 0
  const handlers: (() => void)[] = []
  process.on('SIGINT', () => {
    if (++interrupted > 1 || handlers.length === 0) {
      process.stderr.write(`ecr: interrupted${handlers.length ? ' again' : ''}; if a request was sent, its result is unknown: run repeat-last --lost <its requestId>\n`)
      process.exit(EXIT.unknown)
    }
    for (const handler of handlers) handler()
  })
  runEcr(argv, {
    out: (text) => process.stdout.write(text),
    err: (line) => process.stderr.write(`${line}\n`),
    onInterrupt: (handler) => handlers.push(handler),
  }).then((code) => process.exit(code), (error: Error) => {
    process.stderr.write(`ecr: ${error.stack ?? error.message}\n`)
    process.exit(EXIT.unknown)
  })
}

if (require.main === module) main(process.argv.slice(2))
