import type { Clock } from '../clock/clock'
import { SystemClock } from '../clock/system-clock'
import { TcpTransport } from '../link/tcp-transport'
import { describeEndpoint, type Endpoint } from '../link/transport'
import { dialect, type Dialect } from '../opi/dialect'
import { redactCardNumbers } from '../report/redact'
import { cardProfile, type CardEntry } from '../terminal/cards'
import { ControlApi } from '../terminal/control-api'
import { DefaultCardholder } from '../terminal/default-cardholder'
import type { ConnectionLimits } from '../terminal/connection-guard'
import { SimulatedTerminal } from '../terminal/simulated-terminal'
import { startControlServer } from './control-server'
import { controlAccess, isLoopback } from './control-guard'
import { TerminalActivity } from './terminal-activity'

export interface TerminalServerOptions {
  /** Where the terminal takes requests (channel 0). */
  listen: Endpoint
  /** Where the register takes device requests (channel 1). */
  ecr: Endpoint
  /** Several registers: each WorkstationID's own device address; unlisted workstations use `ecr`. */
  lanes?: Record<string, Endpoint>
  dialect: Dialect['name']
  seed: number
  /** Whether the default cardholder pays when asked; off, a person acts through the control channel. */
  cardholder: boolean
  cardholderDelayMs: number
  card: string
  entry: CardEntry
  control: Endpoint
  /** Bearer token for the control channel; generated when it is bound beyond loopback and none is given. */
  controlToken?: string
  /** Host header values and Origins accepted on the control channel besides its own. */
  controlAllowHosts?: string[]
  controlAllowOrigins?: string[]
  /** How long the acquiring host takes to answer. */
  hostLatencyMs: number
  /** The terminal's own waits for card and PIN; its defaults when not given. */
  cardTimeoutMs?: number
  pinTimeoutMs?: number
  /** A clock faster than the wall clock (simulated bench only); main() builds it, startTerminalServer takes the clock. */
  time?: { speed: number; origin?: number }
  /** Idle and per-message time, open connections and buffered bytes on the request port. */
  limits?: Partial<ConnectionLimits>
}

export interface RunningTerminalServer {
  terminal: SimulatedTerminal
  control: ControlApi
  /** As bound: port 0 in the options becomes the port the system chose. */
  channel0: Endpoint
  controlEndpoint: Endpoint
  /** The bearer token the control channel wants, if any. */
  controlToken?: string
  stop(): Promise<void>
}

/** The simulated terminal as a network server on wall-clock time, with its control channel. */
export async function startTerminalServer(options: TerminalServerOptions, say: (line: string) => void, clock: Clock = new SystemClock()): Promise<RunningTerminalServer> {
  const opi = dialect(options.dialect)
  const print = (line: string) => say(redactCardNumbers(line))
  const terminal = new SimulatedTerminal({
    transport: new TcpTransport(), clock, channel0: options.listen, ecrDevices: options.ecr, lanes: options.lanes, format: opi.format, seed: options.seed,
    loginRequired: opi.loginRequired, limits: options.limits, say: (line) => print(line),
    settings: { ...(options.cardTimeoutMs && { cardTimeoutMs: options.cardTimeoutMs }), ...(options.pinTimeoutMs && { pinTimeoutMs: options.pinTimeoutMs }) },
  })
  terminal.host.latencyMs = options.hostLatencyMs
  const activity = new TerminalActivity((event) => print(event.line))
  terminal.cable.onTraffic((traffic) => activity.watch(traffic))
  terminal.face.onScreen((screen) => print(`screen: ${screen.lines.join(' / ')}`))
  const cardholder = new DefaultCardholder(terminal.face, clock, {
    enabled: options.cardholder, delayMs: options.cardholderDelayMs, card: cardProfile(options.card), entry: options.entry,
  })
  cardholder.onAction((action) => print(`default cardholder: ${action.did === 'present' ? `presents ${action.card.name} by ${action.entry}` : action.did}`))
  const control = new ControlApi(terminal, { cardholder, lastAnswer: () => activity.lastAnswer })

  await terminal.start()
  const channel0 = terminal.cable.listening ?? options.listen
  const access = controlAccess(options.control, { token: options.controlToken, allowedHosts: options.controlAllowHosts, allowedOrigins: options.controlAllowOrigins })
  let controlServer
  try {
    controlServer = await startControlServer(control, options.control, print, access)
  } catch (error) {
    await terminal.stop()
    throw error
  }
  print(`${opi.title} terminal ${terminal.settings.terminalId} listening at ${describeEndpoint(channel0)}; devices at ${describeEndpoint(options.ecr)}`)
  for (const [workstation, at] of Object.entries(options.lanes ?? {})) print(`workstation ${workstation}: devices at ${describeEndpoint(at)}`)
  print(`control channel at http://${describeEndpoint(controlServer.endpoint)}/ (GET /status)`)
  if (!isLoopback(options.control.host)) print(`control channel is reachable from other machines (${options.control.host}): every request needs the token`)
  // Printed unredacted on purpose: the person who started the terminal needs it to act on it.
  if (access.token) say(`control channel token: ${access.token}  (curl -H "Authorization: Bearer ${access.token}" ...)`)
  print(options.cardholder
    ? `default cardholder presents ${options.card} by ${options.entry} ${options.cardholderDelayMs} ms after being asked`
    : 'no default cardholder: act through the control channel')
  return {
    terminal, control, channel0, controlEndpoint: controlServer.endpoint, controlToken: access.token,
    stop: async () => {
      await controlServer.close()
      await terminal.stop()
      terminal.cable.powerOff()
      // A payment still waiting for the cardholder gives up now rather than at its own timeout.
      terminal.face.pressStop()
    },
  }
}
