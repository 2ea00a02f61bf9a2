import { parseArgs } from 'node:util'
import { DIALECTS, type Dialect } from '../opi/dialect'
import { CARD_PROFILES, type CardEntry } from '../terminal/cards'
import { DEFAULT_CONNECTION_LIMITS } from '../terminal/connection-guard'
import { UsageError, commandOrExit, oneOf, parseEndpoint, parsePort, parseWhole, usageErrorFrom } from './cli-args'
import { ScaledClock } from '../clock/scaled-clock'
import { startTerminalServer, type TerminalServerOptions } from './terminal-server'
import type { Endpoint } from '../link/transport'

export const TERMINAL_HELP = `ccv-terminal: a simulated CCV terminal on the network, for developing a POS against

Usage: npm run -s terminal -- [options]        (or: node bin/ccv-terminal.cjs [options])

  --host <host>             address to listen on for requests (default 127.0.0.1; 0.0.0.0 for other machines)
  --port <port>             request port, channel 0 (default 4100 for nl, 20002 for de)
  --ecr-host <host>         where the register listens for device requests (default 127.0.0.1)
  --ecr-port <port>         the register's device port, channel 1 (default 4102 for nl, 20007 for de)
  --lane <id>=<host:port>   several registers: device requests for WorkstationID <id> go to <host:port>
                            (repeat per register; workstations not listed use --ecr-host/--ecr-port)
  --dialect <nl|de>         OPI dialect (default nl)
  --control <[host:]port>   control channel, HTTP with JSON (default 127.0.0.1:4180). Bound beyond loopback,
                            it wants a bearer token, generated and printed at start unless given
  --control-token <token>   the control channel's bearer token (also required on loopback when given)
  --control-allow-host <h:p>   a Host header to accept besides the channel's own (repeatable)
  --control-allow-origin <o>   a web page Origin allowed to act, e.g. http://bench.local:8080 (repeatable);
                            any other Origin is refused, so a web page cannot act on the terminal
  --cardholder-delay <ms>   the default cardholder acts this long after being asked (default 1000)
  --card <name>             the default cardholder's card: ${Object.keys(CARD_PROFILES).join(', ')} (default maestro)
  --entry <how>             chip, contactless or magstripe (default chip)
  --manual                  no default cardholder: act as cardholder through the control channel
  --host-latency <ms>       how long the acquiring host takes to answer (default 1500)
  --seed <n>                seed for approval codes (default 1)
  --card-timeout <s>        seconds the terminal waits for a card (default 60)
  --pin-timeout <s>         seconds the terminal waits for the PIN (default 30)
  --idle-timeout <s>        close a request connection with nothing owed and no byte for this long (default 60)
  --frame-timeout <s>       a message whose first bytes arrived must be complete within this long (default 10)
  --max-connections <n>     request connections open at once; more are closed at once (default 32)
  --max-buffered <bytes>    bytes of unfinished messages held for all connections (default 8388608);
                            the connection that goes over is closed
  --time-speed <n>          the terminal's clock runs n times as fast as the wall clock (1 to 1000, default 1):
                            for a simulated bench whose register runs the same clock; every time above is
                            the terminal's (60 s of card timeout takes 2 s at speed 30)
  --time-origin <ms>        the moment (ms since 1970) from which a faster clock counts (default: start-up),
                            so the register and the terminal agree on the time
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
        host: { type: 'string' }, port: { type: 'string' }, 'ecr-host': { type: 'string' }, 'ecr-port': { type: 'string' }, lane: { type: 'string', multiple: true },
        dialect: { type: 'string' }, control: { type: 'string' }, 'control-token': { type: 'string' },
        'control-allow-host': { type: 'string', multiple: true }, 'control-allow-origin': { type: 'string', multiple: true }, 'cardholder-delay': { type: 'string' }, card: { type: 'string' },
        entry: { type: 'string' }, manual: { type: 'boolean' }, 'host-latency': { type: 'string' }, seed: { type: 'string' },
        'card-timeout': { type: 'string' }, 'pin-timeout': { type: 'string' },
        'idle-timeout': { type: 'string' }, 'frame-timeout': { type: 'string' }, 'max-connections': { type: 'string' }, 'max-buffered': { type: 'string' },
        'time-speed': { type: 'string' }, 'time-origin': { type: 'string' },
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
      lanes: parseLanes(values.lane ?? []),
      dialect: opi.name,
      seed: values.seed === undefined ? 1 : parseWhole(values.seed, '--seed', 0, 2 ** 32 - 1),
      cardholder: !values.manual,
      cardholderDelayMs: values['cardholder-delay'] === undefined ? 1000 : parseWhole(values['cardholder-delay'], '--cardholder-delay', 0, 600_000),
      card, entry,
      control: parseEndpoint(values.control ?? '4180', '--control', '127.0.0.1'),
      controlToken: parseToken(values['control-token']),
      controlAllowHosts: (values['control-allow-host'] ?? []).map((h) => h.toLowerCase()),
      controlAllowOrigins: values['control-allow-origin'] ?? [],
      hostLatencyMs: values['host-latency'] === undefined ? 1500 : parseWhole(values['host-latency'], '--host-latency', 0, 600_000),
      cardTimeoutMs: values['card-timeout'] === undefined ? undefined : parseWhole(values['card-timeout'], '--card-timeout', 1, 600) * 1000,
      pinTimeoutMs: values['pin-timeout'] === undefined ? undefined : parseWhole(values['pin-timeout'], '--pin-timeout', 1, 600) * 1000,
      time: {
        speed: values['time-speed'] === undefined ? 1 : parseWhole(values['time-speed'], '--time-speed', 1, 1000),
        origin: values['time-origin'] === undefined ? undefined : parseWhole(values['time-origin'], '--time-origin', 0, 2 ** 53 - 1),
      },
      limits: {
        idleTimeoutMs: seconds(values['idle-timeout'], '--idle-timeout', DEFAULT_CONNECTION_LIMITS.idleTimeoutMs),
        frameTimeoutMs: seconds(values['frame-timeout'], '--frame-timeout', DEFAULT_CONNECTION_LIMITS.frameTimeoutMs),
        maxConnections: values['max-connections'] === undefined ? DEFAULT_CONNECTION_LIMITS.maxConnections : parseWhole(values['max-connections'], '--max-connections', 1, 10_000),
        maxBufferedBytes: values['max-buffered'] === undefined ? DEFAULT_CONNECTION_LIMITS.maxBufferedBytes : parseWhole(values['max-buffered'], '--max-buffered', 1024, 1024 ** 3),
      },
    },
  }
}

function seconds(text: string | undefined, option: string, defaultMs: number): number {
  return text === undefined ? defaultMs : parseWhole(text, option, 1, 3600) * 1000
}

function parseToken(token: string | undefined): string | undefined {
  if (token !== undefined && !/^[\x21-\x7e]{16,200}$/.test(token)) throw new UsageError('--control-token must be 16 to 200 printable characters without spaces')
  return token
}

/** "LANE-2=127.0.0.1:4112", once per register sharing the terminal. */
export function parseLanes(values: string[]): Record<string, Endpoint> {
  const lanes: Record<string, Endpoint> = {}
  for (const value of values) {
    const m = /^([\w.-]{1,16})=(.+)$/.exec(value)
    if (!m) throw new UsageError(`--lane must be <WorkstationID>=<host:port>, such as LANE-2=127.0.0.1:4112, not "${value}"`)
    if (Object.hasOwn(lanes, m[1])) throw new UsageError(`--lane names workstation ${m[1]} twice`)
    lanes[m[1]] = parseEndpoint(m[2], `--lane ${m[1]}`, '127.0.0.1')
  }
  return lanes
}

/**
 * `npm run terminal` starts the terminal through a shell that does not pass SIGTERM on: stopping npm by
 * its process id would leave the terminal running with its ports bound. Whoever started it, once that
 * process is gone (the terminal is handed to another parent), the terminal switches off too.
 */
function watchParent(parent: number, onGone: () => void): void {
  const check = () => {
    if (process.ppid === parent) return
    clearInterval(timer)
    onGone()
  }
  const timer = setInterval(check, 500)
  timer.unref()
  check()
}

function timestamped(line: string): void {
  process.stdout.write(`${new Date().toISOString().slice(11, 23)}  ${line}\n`)
}

export async function main(argv: string[]): Promise<void> {
  // Taken before anything else: the parent may be gone by the time the terminal has started.
  const startedBy = process.ppid
  const command = commandOrExit('ccv-terminal', argv, parseTerminalArgs, TERMINAL_HELP)
  if (!command) return
  let server
  try {
    const { time } = command.options
    server = await startTerminalServer(command.options, timestamped, time && time.speed > 1 ? new ScaledClock(time.speed, time.origin) : undefined)
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    const why = e.code === 'EADDRINUSE' ? `${e.message}: another program already uses that port; choose another with --port or --control` : e.message
    process.stderr.write(`ccv-terminal: cannot start: ${why}\n`)
    process.exit(1)
  }
  const running = server
  if (command.options.time && command.options.time.speed > 1) timestamped(`the terminal's clock runs ${command.options.time.speed} times as fast as the wall clock`)
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    timestamped(`${signal}: switching off`)
    running.stop().then(() => process.exit(0), (error: Error) => { process.stderr.write(`ccv-terminal: ${error.message}\n`); process.exit(1) })
  }
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGHUP', () => shutdown('SIGHUP'))
  watchParent(startedBy, () => shutdown('the program that started the terminal has ended'))
}

if (require.main === module) void main(process.argv.slice(2))
