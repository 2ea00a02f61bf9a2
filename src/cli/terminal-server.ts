import type { Clock } from '../clock/clock'
import { SystemClock } from '../clock/system-clock'
import { TcpTransport } from '../link/tcp-transport'
import { describeEndpoint, type Endpoint } from '../link/transport'
import { dialect, type Dialect } from '../opi/dialect'
import { redactCardNumbers } from '../report/redact'
import { cardProfile, type CardEntry } from '../terminal/cards'
import { ControlApi } from '../terminal/control-api'
import { DefaultCardholder } from '../terminal/default-cardholder'
import { SimulatedTerminal } from '../terminal/simulated-terminal'
import { startControlServer } from './control-server'
import { TerminalActivity } from './terminal-activity'

export interface TerminalServerOptions {
  /** Where the terminal takes requests (channel 0). */
  listen: Endpoint
  /** Where the register takes device requests (channel 1). */
  ecr: Endpoint
  dialect: Dialect['name']
  seed: number
  /** Whether the default cardholder pays when asked; off, a person acts through the control channel. */
  cardholder: boolean
  cardholderDelayMs: number
  card: string
  entry: CardEntry
  control: Endpoint
  /** How long the acquiring host takes to answer. */
  hostLatencyMs: number
  /** The terminal's own waits for card and PIN; its defaults when not given. */
  cardTimeoutMs?: number
  pinTimeoutMs?: number
}

export interface RunningTerminalServer {
  terminal: SimulatedTerminal
  control: ControlApi
  /** As bound: port 0 in the options becomes the port the system chose. */
  channel0: Endpoint
  controlEndpoint: Endpoint
  stop(): Promise<void>
}

/** The simulated terminal as a network server on wall-clock time, with its control channel. */
export async function startTerminalServer(options: TerminalServerOptions, say: (line: string) => void, clock: Clock = new SystemClock()): Promise<RunningTerminalServer> {
  const opi = dialect(options.dialect)
  const print = (line: string) => say(redactCardNumbers(line))
  const terminal = new SimulatedTerminal({
    transport: new TcpTransport(), clock, channel0: options.listen, ecrDevices: options.ecr, format: opi.format, seed: options.seed,
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
  let controlServer
  try {
    controlServer = await startControlServer(control, options.control, print)
  } catch (error) {
    await terminal.stop()
    throw error
  }
  print(`${opi.title} terminal ${terminal.settings.terminalId} listening at ${describeEndpoint(channel0)}; devices at ${describeEndpoint(options.ecr)}`)
  print(`control channel at http://${describeEndpoint(controlServer.endpoint)}/ (GET /status)`)
  print(options.cardholder
    ? `default cardholder presents ${options.card} by ${options.entry} ${options.cardholderDelayMs} ms after being asked`
    : 'no default cardholder: act through the control channel')
  return {
    terminal, control, channel0, controlEndpoint: controlServer.endpoint,
    stop: async () => {
      await controlServer.close()
      await terminal.stop()
      terminal.cable.powerOff()
      // A payment still waiting for the cardholder gives up now rather than at its own timeout.
      terminal.face.pressStop()
    },
  }
}
