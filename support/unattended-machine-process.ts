import { fork, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SystemClock } from '../src/clock/system-clock'
import { SqliteSessionStore } from '../src/ecr/machine/sqlite-session-store'
import type { StoredSession } from '../src/ecr/machine/session-store'
import { TcpTransport } from '../src/link/tcp-transport'
import { DEFAULT_WIRE_FORMAT } from '../src/opi/codec'
import { cardProfile } from '../src/terminal/cards'
import { ScriptedCardholder } from '../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../src/terminal/simulated-terminal'
import { UNATTENDED_TERMINAL_SETTINGS } from '../src/terminal/unattended/unattended-profile'
import type { MachineEvent } from '../test/harness/machine-process'

/**
 * The machine controller as its own operating-system process (test/harness/machine-process.ts) beside a
 * simulated terminal in this process, both on the wall clock over loopback TCP: the bench for a real
 * power failure, SIGKILL. Every wait has a limit that says what it waited for.
 */

const WAIT_LIMIT_MS = 20_000

/** True when `npm run build` ran after the last change to any source the harness is compiled from. */
function builtAfterSources(root: string): boolean {
  const stamp = join(root, 'dist', '.built')
  if (!existsSync(stamp)) return false
  const builtAt = statSync(stamp).mtimeMs
  return ['src', 'test'].every((dir) => readdirSync(join(root, dir), { recursive: true })
    .every((file) => !String(file).endsWith('.ts') || statSync(join(root, dir, String(file))).mtimeMs <= builtAt))
}

/**
 * The harness compiled (dist/test), or from the sources through ts-node. Compiling it at every fork costs
 * about a second a start, and a power failure starts the machine twice; so the compiled one runs whenever
 * dist/ is newer than every source (`npm ci` and `npm test` build it), and never when it is stale, so
 * yesterday's code can never stand in for the code under test.
 */
function harness(): { path: string; execArgv: string[] } {
  const root = __filename.endsWith('.js') ? join(__dirname, '..', '..') : join(__dirname, '..')
  const compiled = join(root, 'dist', 'test', 'harness', 'machine-process.js')
  if (existsSync(compiled) && builtAfterSources(root)) return { path: compiled, execArgv: [] }
  return { path: join(root, 'test', 'harness', 'machine-process.ts'), execArgv: ['--require', 'ts-node/register/transpile-only'] }
}

export class MachineProcess {
  readonly events: MachineEvent[] = []
  private readonly waiters: { match: (e: MachineEvent) => boolean; resolve: () => void }[] = []
  readonly child: ChildProcess
  readonly exited: Promise<number | null>

  constructor(args: string[]) {
    const { path, execArgv } = harness()
    this.child = fork(path, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)))
    this.child.on('message', (message: MachineEvent) => {
      this.events.push(message)
      for (const waiter of [...this.waiters]) if (waiter.match(message)) { waiter.resolve(); this.waiters.splice(this.waiters.indexOf(waiter), 1) }
    })
  }

  /** Resolves on the first event (already seen or coming) that matches; fails clearly after the limit. */
  until(what: string, match: (e: MachineEvent) => boolean): Promise<void> {
    if (this.events.some(match)) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the machine process did not report "${what}" within ${WAIT_LIMIT_MS} ms; it reported: ${JSON.stringify(this.events)}`)), WAIT_LIMIT_MS)
      this.waiters.push({ match, resolve: () => { clearTimeout(timer); resolve() } })
      void this.exited.then((code) => { clearTimeout(timer); reject(new Error(`the machine process exited (${code}) before "${what}"; it reported: ${JSON.stringify(this.events)}`)) })
    })
  }

  sent(requestType: string): boolean {
    return this.events.some((e) => e.event === 'sent' && e.requestType === requestType)
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL')
    await this.exited
  }

  async stop(): Promise<void> {
    this.child.send('stop')
    await this.exited
  }
}

export type KillMoment = 'just after the reservation is asked for' | 'while the car charges' | 'just after the completion is sent'

/** What a real power failure left: the database as the killed process left it, and after the fresh one started. */
export interface PowerFailureOutcome {
  onDiskAtKill: StoredSession[]
  openAfterRestart: StoredSession[]
  first: MachineProcess
  second: MachineProcess
}

export class MachineProcessBench {
  readonly terminal: SimulatedTerminal
  private readonly dir = mkdtempSync(join(tmpdir(), 'ccv-power-'))
  readonly db = join(this.dir, 'machine.db')
  private args: string[] = []

  private constructor() {
    const clock = new SystemClock()
    // The machine's device port is not known until its first process has bound one (configureRegisterDevices).
    this.terminal = new SimulatedTerminal({
      transport: new TcpTransport(), clock, channel0: { host: '127.0.0.1', port: 0 }, ecrDevices: { host: '127.0.0.1', port: 0 },
      format: DEFAULT_WIRE_FORMAT, seed: 11, settings: { ...UNATTENDED_TERMINAL_SETTINGS, cardTimeoutMs: 10_000, pinTimeoutMs: 10_000 },
    })
    this.terminal.host.latencyMs = 0
    new ScriptedCardholder(this.terminal.face, clock).willPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 20 })
  }

  static async create(): Promise<MachineProcessBench> {
    const bench = new MachineProcessBench()
    await bench.terminal.start()
    bench.args = ['--db', bench.db, '--terminal', String(bench.terminal.cable.listening!.port)]
    return bench
  }

  /**
   * A driver is served by the machine's process, which is killed at `moment`; a fresh process on the same
   * file starts. The first process binds a device port of the system's choosing and says which; the fresh
   * one comes back on that same address, as a restarted machine does.
   */
  async powerFailure(moment: KillMoment): Promise<PowerFailureOutcome> {
    const first = new MachineProcess([...this.args, '--listen', '0', '--serve'])
    await first.until('in service', (e) => e.event === 'in service')
    const devicePort = first.events.flatMap((e) => e.event === 'in service' ? [e.devicePort] : [])[0]
    this.terminal.configureRegisterDevices({ host: '127.0.0.1', port: devicePort })
    first.child.send('serve')
    if (moment === 'while the car charges') {
      await first.until('delivering', (e) => e.event === 'delivering')
      await this.meterOnDisk(first)
    } else {
      const requestType = moment === 'just after the completion is sent' ? 'CardFinancialAdvice' : 'CardPreAuthorisation'
      await first.until(`${requestType} sent`, (e) => e.event === 'sent' && e.requestType === requestType)
    }
    await first.kill()
    const onDiskAtKill = this.openOnDisk()
    const second = new MachineProcess([...this.args, '--listen', String(devicePort)])
    await second.until('in service', (e) => e.event === 'in service')
    const openAfterRestart = this.openOnDisk()
    await second.stop()
    return { onDiskAtKill, openAfterRestart, first, second }
  }

  openOnDisk(): StoredSession[] {
    const store = new SqliteSessionStore(this.db)
    try {
      return store.open()
    } finally {
      store.close()
    }
  }

  async dispose(): Promise<void> {
    await this.terminal.stop()
    rmSync(this.dir, { recursive: true, force: true })
  }

  /** The moment "while the car charges": a meter reading of at least 0.20 EUR is on disk (read by a fresh reader). */
  private async meterOnDisk(machine: MachineProcess): Promise<void> {
    const started = Date.now()
    while ((this.openOnDisk()[0]?.metered.minor ?? 0) < 20) {
      if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`no meter reading reached the machine's database within ${WAIT_LIMIT_MS} ms; the machine reported ${JSON.stringify(machine.events)}`)
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
}
