import { parseArgs } from 'node:util'
import type { Clock } from '../clock/clock'
import type { Endpoint } from '../link/transport'
import { SimulatedCcvBackend } from '../softpos/api/ccv-backend'
import { softposControlRoutes } from '../softpos/api/control-routes'
import { DEFAULT_TEST_API_KEY, PaymentApiServer } from '../softpos/api/payment-api-server'
import { DEFAULT_PHONE_TIMINGS, SimulatedPhone } from '../softpos/phone/softpos-app'
import { UsageError, commandOrExit, parseEndpoint, parseWhole, usageErrorFrom } from './cli-args'

export const PAYMENT_API_HELP = `ccv-payment-api: a simulated CCV Payment API for SoftPOS, with a simulated phone, for developing a POS app against

Usage: node bin/ccv-payment-api.cjs [options]

  --listen <[host:]port>    where the API listens (default 127.0.0.1:4190; port 0 picks a free one)
  --api-key <key>           the test API key to accept (default ${DEFAULT_TEST_API_KEY}; must start with t_)
  --terminal <id>           a terminal that exists in CCV's terminal management (default T-1001; repeatable)
  --cardholder-delay <ms>   the default cardholder taps an approved card this long after the prompt (default 1000)
  --manual                  no default cardholder: tap through POST /control/cardholder/tap
  --help                    this text

The API: GET /api/v1/softpos/terminal/{id}, POST .../install, .../install-completed, .../uninstall,
POST /api/v1/payment (method "softpos"), GET /api/v1/transaction?reference=..., Basic authentication with
the API key as user name and an empty password. The phone and the people around it: GET /control/status,
POST /control/phone/install-terminal {"installationPayload":"..."}, /control/phone/start-payment
{"reference":"..."}, /control/cardholder/tap {"issuer":"approves"|"declines"}, /control/phone/close-app,
kill-app, clear-data, uninstall-app, install-app, offline, online, /control/back-office/uninstall
{"terminalId":"..."}. Ctrl-C stops it.
`

export interface PaymentApiCliOptions {
  listen: Endpoint
  apiKey: string
  terminals: string[]
  cardholderDelayMs?: number
}

export type PaymentApiCommand = { help: true } | { help: false; options: PaymentApiCliOptions }

export function parsePaymentApiArgs(argv: string[]): PaymentApiCommand {
  let values
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        listen: { type: 'string' }, 'api-key': { type: 'string' }, terminal: { type: 'string', multiple: true },
        'cardholder-delay': { type: 'string' }, manual: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    throw usageErrorFrom(error)
  }
  if (values.help) return { help: true }
  const apiKey = values['api-key'] ?? DEFAULT_TEST_API_KEY
  if (!/^t_[A-Za-z0-9_]{4,}$/.test(apiKey)) throw new UsageError('--api-key must be a test key: t_ followed by at least 4 letters, digits or underscores (live keys, l_..., are never accepted)')
  const terminals = values.terminal ?? ['T-1001']
  for (const id of terminals) if (!/^[A-Za-z0-9-]{1,40}$/.test(id)) throw new UsageError(`--terminal must be letters, digits and dashes (at most 40), not "${id}"`)
  return {
    help: false,
    options: {
      listen: parseEndpoint(values.listen ?? '4190', '--listen', '127.0.0.1'), apiKey, terminals,
      cardholderDelayMs: values.manual ? undefined : values['cardholder-delay'] === undefined ? 1000 : parseWhole(values['cardholder-delay'], '--cardholder-delay', 0, 600_000),
    },
  }
}

/** Wall time whose timers (a payment's expiry) never keep the process alive once the server has closed. */
const wallClock: Clock = {
  now: () => Date.now(),
  setTimer: (delayMs, callback) => {
    const timer = setTimeout(callback, delayMs).unref()
    return { cancel: () => clearTimeout(timer) }
  },
}

/** Starts the API with its phone on wall time; resolves once it listens. */
export async function startPaymentApi(options: PaymentApiCliOptions, say: (line: string) => void, phoneTimings = DEFAULT_PHONE_TIMINGS): Promise<PaymentApiServer> {
  const clock = wallClock
  const backend = new SimulatedCcvBackend(clock)
  for (const id of options.terminals) backend.createTerminal(id)
  const phone = new SimulatedPhone(backend, clock, phoneTimings)
  const server = new PaymentApiServer({ backend, clock, apiKey: options.apiKey, say, control: softposControlRoutes({ backend, phone, clock, cardholderDelayMs: options.cardholderDelayMs }) })
  await server.listen(options.listen)
  return server
}

function timestamped(line: string): void {
  process.stdout.write(`${new Date().toISOString().slice(11, 23)}  ${line}\n`)
}

export async function main(argv: string[]): Promise<void> {
  const command = commandOrExit('ccv-payment-api', argv, parsePaymentApiArgs, PAYMENT_API_HELP)
  if (!command) return
  let server: PaymentApiServer
  try {
    server = await startPaymentApi(command.options, timestamped)
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    process.stderr.write(`ccv-payment-api: cannot start: ${e.code === 'EADDRINUSE' ? `${e.message}: another program uses that port; choose another with --listen` : e.message}\n`)
    process.exit(1)
  }
  const { options } = command
  timestamped(`simulated CCV Payment API at ${server.baseUrl}`)
  if (!['127.0.0.1', 'localhost', '::1'].includes(options.listen.host)) timestamped(`warning: listening on ${options.listen.host}: anyone who can reach this address can use the test key and the /control routes`)
  timestamped(`test API key: ${options.apiKey} (Basic authentication, empty password)`)
  timestamped(`terminals in CCV's terminal management: ${options.terminals.join(', ')}`)
  timestamped(options.cardholderDelayMs === undefined ? 'no default cardholder: tap with POST /control/cardholder/tap' : `the default cardholder taps an approved card ${options.cardholderDelayMs} ms after the prompt`)
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    timestamped(`${signal}: stopping`)
    server.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
}

if (require.main === module) void main(process.argv.slice(2))
