import { parseArgs } from 'node:util'
import { DIALECTS, type Dialect } from '../opi/dialect'
import { CARD_PROFILES, type CardEntry } from '../terminal/cards'
import { oneOf, parseEndpoint, parsePort, parseWhole, UsageError, usageErrorFrom } from './cli-args'
import { startTerminalServer, type TerminalServerOptions } from './terminal-server'

export const TERMINAL_HELP = `ccv-terminal: a simulated CCV terminal on the network, for developing a POS against

Usage: npm run -s terminal -- [options]        (or: node bin/ccv-terminal.cjs [options])

  --host <host>             address to listen on for requests (default 127.0.0.1; 0.0.0.0 for other machines)
  --port <port>             request port, channel 0 (default 4100 for nl, 20002 for de)
  --ecr-host <host>         where the register listens for device requests (default 127.0.0.1)
  --ecr-port <port>         the register's device port, channel 1 (default 4102 for nl, 20007 for de)
  --dialect <nl|de>         OPI dialect (default nl)
  --control <[host:]port>   control channel, HTTP with JSON (default 127.0.0.1:4180)
  --cardholder-delay <ms>   the default cardholder acts this long after being asked (default 1000)
  --card <name>             the default cardholder's card: ${Object.keys(CARD_PROFILES).join(', ')} (default maestro)
  --entry <how>             chip, contactless or magstripe (default chip)
  --manual                  no default cardholder: act as cardholder through the control channel
  --host-latency <ms>       how long the acquiring host takes to answer (default 1500)
  --seed <n>                seed for approval codes (default 1)
  --card-timeout <s>        seconds the terminal waits for a card (default 60)
  --pin-timeout <s>         seconds the terminal waits for the PIN (default 30)
  --help                    this text

The host decides by amount, as CCV's test host: 50.05 declines; 50.01, 50.02, 50.03 ask for signature,
identification, both. Control channel: GET /status; POST /cardholder/present {"card":"visa","entry":"chip"},
/cardholder/pin {"correct":true}, /cardholder/stop, /cardholder/remove-card, /cardholder/default
{"enabled":false}, /host/offline, /host/online, /host/decline-next {"actionCode":"51"}, /host/latency
{"ms":1500}, /link/drop, /power-cycle. Ctrl-C stops the terminal.
`

export type TerminalCommand = { help: true } | { help: false; options: TerminalServerOptions }

/** Reads the command line; throws UsageError with a message a person can act on. */
export function parseTerminalArgs(argv: string[]): TerminalCommand {
  let values
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        host: { type: 'string' }, port: { type: 'string' }, 'ecr-host': { type: 'string' }, 'ecr-port': { type: 'string' },
        dialect: { type: 'string' }, control: { type: 'string' }, 'cardholder-delay': { type: 'string' }, card: { type: 'string' },
        entry: { type: 'string' }, manual: { type: 'boolean' }, 'host-latency': { type: 'string' }, seed: { type: 'string' },
        'card-timeout': { type: 'string' }, 'pin-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    throw usageErrorFrom(error)
  }
  if (values.help) return { help: true }
  const opi = DIALECTS[oneOf(values.dialect ?? 'nl', '--dialect', Object.keys(DIALECTS) as Dialect['name'][])]
  const card = (values.card ?? 'maestro').toLowerCase()
  const profile = CARD_PROFILES[card]
  if (!profile) throw new UsageError(`--card must be one of ${Object.keys(CARD_PROFILES).join(', ')}, not "${values.card}"`)
  const entry = oneOf<CardEntry>(values.entry ?? 'chip', '--entry', ['chip', 'contactless', 'magstripe'])
  if (!profile.entries.includes(entry)) throw new UsageError(`a ${profile.name} card cannot be read by ${entry} (it supports ${profile.entries.join(', ')})`)
  const host = values.host ?? '127.0.0.1'
  return {
    help: false,
    options: {
      listen: { host, port: values.port === undefined ? opi.channel0Port : parsePort(values.port, '--port') },
      ecr: { host: values['ecr-host'] ?? '127.0.0.1', port: values['ecr-port'] === undefined ? opi.channel1Port : parsePort(values['ecr-port'], '--ecr-port') },
      dialect: opi.name,
      seed: values.seed === undefined ? 1 : parseWhole(values.seed, '--seed', 0, 2 ** 32 - 1),
      cardholder: !values.manual,
      cardholderDelayMs: values['cardholder-delay'] === undefined ? 1000 : parseWhole(values['cardholder-delay'], '--cardholder-delay', 0, 600_000),
      card, entry,
      control: parseEndpoint(values.control ?? '4180', '--control', '127.0.0.1'),
      hostLatencyMs: values['host-latency'] === undefined ? 1500 : parseWhole(values['host-latency'], '--host-latency', 0, 600_000),
      cardTimeoutMs: values['card-timeout'] === undefined ? undefined : parseWhole(values['card-timeout'], '--card-timeout', 1, 600) * 1000,
      pinTimeoutMs: values['pin-timeout'] === undefined ? undefined : parseWhole(values['pin-timeout'], '--pin-timeout', 1, 600) * 1000,
    },
  }
}

function timestamped(line: string): void {
  process.stdout.write(`${new Date().toISOString().slice(11, 23)}  ${line}\n`)
}

export async function main(argv: string[]): Promise<void> {
  let command: TerminalCommand
  try {
    command = parseTerminalArgs(argv)
  } catch (error) {
    process.stderr.write(`ccv-terminal: ${(error as Error).message}\nccv-terminal --help lists the options.\n`)
    process.exit(2)
  }
  if (command.help) {
    process.stdout.write(TERMINAL_HELP)
    return
  }
  // Progress piped into a pager or `head` that has quit must not take the terminal down with it.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => { if (error.code !== 'EPIPE') throw error })
  let server
  try {
    server = await startTerminalServer(command.options, timestamped)
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    const why = e.code === 'EADDRINUSE' ? `${e.message}: another program already uses that port; choose another with --port or --control` : e.message
    process.stderr.write(`ccv-terminal: cannot start: ${why}\n`)
    process.exit(1)
  }
  const running = server
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    timestamped(`${signal}: switching off`)
    running.stop().then(() => process.exit(0), (error: Error) => { process.stderr.write(`ccv-terminal: ${error.message}\n`); process.exit(1) })
  }
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
}

if (require.main === module) void main(process.argv.slice(2))
