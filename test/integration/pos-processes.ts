// Starts python-pos as a process and the simulated terminal as another process (or in this one, which
// starts faster), each on ports it bound itself and printed (never check-then-use), wired to each other.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { startTerminalServer } from '../../src/cli/terminal-server'
import { projectRoot } from '../../src/integration/contract-schema'
import { OpiProxy } from '../../src/proxy/opi-proxy'

// The tests run compiled from dist/test/, the processes start from the sources.
const ROOT = projectRoot()
export const POS_DIR = join(ROOT, 'examples', 'python-pos')

export interface PosPair {
  driverUrl: string
  controlUrl: string
  /** With `witnessed`: the recording witness between the two, on both channels. */
  witness?: OpiProxy
  /** Every line the terminal printed so far: the terminal's own account of what it received. */
  terminalLines: string[]
  /** Resolves when the terminal prints a line matching `pattern` (at once if it already has). */
  terminalSays(pattern: RegExp, withinMs?: number): Promise<string>
  stop(): Promise<void>
}

export interface PosPairOptions {
  fault?: 'book-lost-as-declined' | 'abort-per-keypress'
  cardholderDelayMs?: number
  hostLatencyMs?: number
  /** `process` (default) runs `bin/ccv-terminal.cjs` as a user would; `in-process` saves its start-up. */
  terminal?: 'process' | 'in-process'
  /** OPI-DE: the terminal refuses card requests before Login, so python-pos logs in (--login). */
  dialect?: 'nl' | 'de'
  /** Put the recording witness (OpiProxy) between POS and terminal, as a bench does: the terminal side's view. */
  witnessed?: boolean
}

/** Collects a process's output lines and lets a caller wait for one. */
class Lines {
  readonly seen: string[] = []
  private readonly waiting: { pattern: RegExp; resolve: (line: string) => void }[] = []

  constructor(private readonly what: string, child?: ChildProcess) {
    if (child) createInterface({ input: child.stdout! }).on('line', (line) => this.add(line))
  }

  add(line: string): void {
    this.seen.push(line)
    for (const w of this.waiting.filter((w) => w.pattern.test(line))) {
      this.waiting.splice(this.waiting.indexOf(w), 1)
      w.resolve(line)
    }
  }

  next(pattern: RegExp, withinMs = 10_000): Promise<string> {
    const already = this.seen.find((line) => pattern.test(line))
    if (already) return Promise.resolve(already)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.what} did not print ${pattern} within ${withinMs} ms:\n${this.seen.join('\n')}`)), withinMs)
      this.waiting.push({ pattern, resolve: (line) => { clearTimeout(timer); resolve(line) } })
    })
  }
}

export async function startPosPair(options: PosPairOptions = {}): Promise<PosPair> {
  const children: ChildProcess[] = []
  const stops: (() => Promise<void>)[] = []
  const stop = async () => {
    children.forEach((child) => child.kill())
    await Promise.all(stops.map((s) => s()))
  }
  try {
    const pos = spawn('python3', ['-u', 'pos.py', '--terminal', '-', '--device-listen', '127.0.0.1:0', '--driver-listen', '127.0.0.1:0',
      ...(options.fault ? ['--fault', options.fault] : []), ...(options.dialect === 'de' ? ['--login'] : [])], { cwd: POS_DIR, stdio: ['pipe', 'pipe', 'inherit'] })
    children.push(pos)
    const posLines = new Lines('python-pos', pos)
    const posDevices = Number(/^devices \S+:(\d+)$/.exec(await posLines.next(/^devices /))![1])
    const terminalAt: { endpoint?: { host: string; port: number } } = {}
    const witness = options.witnessed ? new OpiProxy({
      listen: { host: '127.0.0.1', port: 0 }, devices: { host: '127.0.0.1', port: 0 }, ecrDevices: { host: '127.0.0.1', port: posDevices },
      terminal: () => terminalAt.endpoint!,
    }) : undefined
    const proxied = await witness?.start()
    if (witness) stops.push(() => witness.stop())
    const devices = String(proxied?.devices.port ?? posDevices)
    const cardholderDelayMs = options.cardholderDelayMs ?? 10
    const hostLatencyMs = options.hostLatencyMs ?? 10
    let terminalLines: Lines
    if (options.terminal === 'in-process') {
      terminalLines = new Lines('the simulated terminal')
      const server = await startTerminalServer({
        listen: { host: '127.0.0.1', port: 0 }, ecr: { host: '127.0.0.1', port: Number(devices) }, dialect: options.dialect ?? 'nl', seed: 1, cardholder: true,
        cardholderDelayMs, card: 'maestro', entry: 'chip', control: { host: '127.0.0.1', port: 0 }, hostLatencyMs,
      }, (line) => terminalLines.add(line))
      stops.push(() => server.stop())
    } else {
      const terminal = spawn(process.execPath, [join(ROOT, 'bin', 'ccv-terminal.cjs'), '--port', '0', '--ecr-port', devices, '--control', '0',
        '--cardholder-delay', String(cardholderDelayMs), '--host-latency', String(hostLatencyMs), '--dialect', options.dialect ?? 'nl'], { stdio: ['ignore', 'pipe', 'inherit'] })
      children.push(terminal)
      terminalLines = new Lines('the simulated terminal', terminal)
    }
    const channel0 = /listening at (\S+);/.exec(await terminalLines.next(/listening at /))![1]
    const controlUrl = /control channel at (http:\/\/\S+?)\/? /.exec(await terminalLines.next(/control channel at /))![1]
    const [host, port] = [channel0.slice(0, channel0.lastIndexOf(':')), Number(channel0.slice(channel0.lastIndexOf(':') + 1))]
    terminalAt.endpoint = { host, port }
    pos.stdin.end(`${proxied ? `127.0.0.1:${proxied.channel0.port}` : channel0}\n`)
    const driverUrl = /^driver (\S+)$/.exec(await posLines.next(/^driver /))![1]
    return { driverUrl, controlUrl, witness, terminalLines: terminalLines.seen, terminalSays: (p, ms) => terminalLines.next(p, ms), stop }
  } catch (error) {
    await stop()
    throw error
  }
}
