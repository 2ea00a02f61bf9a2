import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Clock } from '../src/clock/clock'
import { ScaledClock } from '../src/clock/scaled-clock'
import { SystemClock } from '../src/clock/system-clock'
import type { Endpoint } from '../src/link/transport'
import { loadBenchConfig, type BenchConfig } from '../src/operator/bench-config'
import { ConsoleOperator } from '../src/operator/console-operator'
import type { Operator } from '../src/operator/prompts'
import { ScriptedOperator } from '../src/operator/scripted-operator'
import { TestCardRegistry } from '../src/operator/test-card-registry'
import { SerialTransport, type SerialStream } from '../src/link/serial-transport'
import { LineWitness } from '../src/proxy/line-witness'
import { OpiProxy, type ProxyEndpoints } from '../src/proxy/opi-proxy'
import type { WitnessRecord } from '../src/proxy/wire-reader'

/**
 * The bench is one physical thing for the whole run: the terminal is configured once with the address
 * it calls back, so the witness listens there from the first scenario to the last, and each scenario's
 * register is joined to it in turn. This is the one piece of state that outlives a scenario.
 */
export class Bench {
  /** The device port of the register of the running scenario (TCP only). */
  ecrDevices?: Endpoint
  /** The device ports of the running scenario's further registers, by workstation (a second lane). */
  readonly laneDevices: Record<string, Endpoint> = {}
  /**
   * The last RequestID the register under test used, in any case so far: each case's register is new, the
   * terminal is not, and it remembers its last answer by RequestID (RepeatLastMessage), so ids go on.
   */
  lastRequestId: number

  private constructor(
    /** The bench's time: the wall clock, or for a simulated bench the faster clock the terminal process shares. */
    readonly clock: Clock,
    readonly config: BenchConfig,
    /** The recording witness: the proxy between register and terminal, or the tap on the serial line. */
    readonly witness: { onRecord(listener: (record: WitnessRecord) => void): () => void },
    /** How the register reaches the terminal: the proxy's addresses, or the serial line through its tap. */
    readonly route: { kind: 'tcp'; proxy: OpiProxy; endpoints: ProxyEndpoints } | { kind: 'serial'; line: LineWitness; port: SerialTransport },
    readonly cards: TestCardRegistry, readonly operator: Operator, private readonly simulated?: ChildProcess,
  ) {
    // A simulated terminal is new with each run; a real one still holds the last run's answer.
    this.lastRequestId = simulated ? 0 : firstRequestIdOfRun(Date.now())
  }

  /** `openSerialPort` opens the line for a test (a mock port); without it, `serialport` opens the device. */
  static async open(path: string, options: { openSerialPort?: (path: string, baudRate: number) => SerialStream } = {}): Promise<Bench> {
    const config = loadBenchConfig(path)
    const cards = TestCardRegistry.load(config.testCards)
    const speed = config.simulate?.timeSpeed ?? 1
    const clock = speed > 1 ? new ScaledClock(speed) : new SystemClock()
    const operator = (control?: string): Operator => config.operator.kind === 'console'
      ? new ConsoleOperator(config.operator.name)
      : new ScriptedOperator({ controlUrl: config.operator.control ?? control ?? fail('operator.control is required for a scripted operator without "simulate"'), token: config.operator.token, reactionMs: 50, timeSpeed: speed })
    if (config.link.kind === 'serial') {
      const port = new SerialTransport({ path: config.link.path, baudRate: config.link.baudRate, openPort: options.openSerialPort })
      const line = new LineWitness(port, clock, `serial line ${config.link.path} at ${config.link.baudRate} baud`)
      return new Bench(clock, config, line, { kind: 'serial', line, port }, cards, operator())
    }
    let terminal = config.terminal
    const holder: { bench?: Bench } = {}
    const proxy = new OpiProxy({
      clock,
      listen: config.witness.listen, devices: config.witness.devices,
      terminal: () => terminal ?? { host: '127.0.0.1', port: 1 },
      ecrDevices: () => holder.bench?.ecrDevices ?? { host: '127.0.0.1', port: 1 },
      // Port 1 takes no connections: a terminal calling a lane with no register there is refused, as it would be.
      lanes: Object.fromEntries(Object.entries(config.witness.lanes).map(([workstation, devices]) => [workstation, { devices, ecrDevices: () => holder.bench?.laneDevices[workstation] ?? { host: '127.0.0.1', port: 1 } }])),
    })
    const endpoints = await proxy.start()
    let simulated: { process: ChildProcess; channel0: Endpoint; control: string } | undefined
    if (config.simulate) {
      // A terminal that does not start must not leave the witness listening: the run would never end.
      simulated = await startSimulatedTerminal(endpoints, config, clock).catch(async (error: unknown) => { await proxy.stop(); throw error })
      terminal = simulated.channel0
    }
    holder.bench = new Bench(clock, config, proxy, { kind: 'tcp', proxy, endpoints }, cards, operator(simulated?.control), simulated?.process)
    return holder.bench
  }

  async close(): Promise<void> {
    if (this.route.kind === 'tcp') await this.route.proxy.stop()
    else await this.route.port.closePort()
    if (this.simulated && this.simulated.exitCode === null) {
      const exited = new Promise((resolve) => this.simulated!.once('exit', resolve))
      this.simulated.kill('SIGTERM')
      await exited
    }
  }
}

/**
 * Where a run on a real terminal starts numbering: ten ids for every second since 2026 began, so a run
 * starts above every id of the runs before it (no run gives out ten a second: each waits on a terminal and
 * on a person), and the terminal never holds an earlier run's answer under an id this run uses.
 */
export function firstRequestIdOfRun(nowMs: number): number {
  return Math.floor((nowMs - Date.UTC(2026, 0, 1)) / 100)
}

function fail(why: string): never {
  throw new Error(why)
}

/** The simulated terminal as its own process, on wall-clock time, with nobody at it but the operator. */
async function startSimulatedTerminal(witness: ProxyEndpoints, config: BenchConfig, clock: Clock): Promise<{ process: ChildProcess; channel0: Endpoint; control: string }> {
  const { devices } = witness
  const child = spawn(process.execPath, [join(__dirname, '..', 'bin', 'ccv-terminal.cjs'), '--manual', '--port', '0', '--control', '127.0.0.1:0',
    '--ecr-host', devices.host, '--ecr-port', String(devices.port), '--dialect', config.dialect, '--host-latency', String(config.simulate!.hostLatencyMs),
    ...Object.entries(witness.lanes).flatMap(([workstation, at]) => ['--lane', `${workstation}=${at.host}:${at.port}`]),
    ...(config.simulate!.cardTimeoutSeconds ? ['--card-timeout', String(config.simulate!.cardTimeoutSeconds)] : []),
    ...(config.simulate!.pinTimeoutSeconds ? ['--pin-timeout', String(config.simulate!.pinTimeoutSeconds)] : []),
    ...(clock instanceof ScaledClock ? ['--time-speed', String(clock.speed), '--time-origin', String(clock.origin)] : [])], { stdio: ['ignore', 'pipe', 'pipe'] })
  const stderr: string[] = []
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()))
  return new Promise((resolve, reject) => {
    let channel0: Endpoint | undefined
    const timer = setTimeout(() => { child.kill(); reject(new Error(`the simulated terminal did not start within 30 s: ${stderr.join('')}`)) }, 30_000)
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the simulated terminal exited (${code}): ${stderr.join('')}`)) })
    createInterface({ input: child.stdout }).on('line', (line) => {
      // What the simulated terminal says it did, for looking into a bench run: CCV_BENCH_TERMINAL_LOG=file.
      if (process.env.CCV_BENCH_TERMINAL_LOG) appendFileSync(process.env.CCV_BENCH_TERMINAL_LOG, `${line}\n`)
      const listening = / listening at ([\d.]+):(\d+);/.exec(line)
      if (listening) channel0 = { host: listening[1], port: Number(listening[2]) }
      const control = /control channel at (http:\/\/[\d.]+:\d+)\//.exec(line)
      if (control && channel0) {
        clearTimeout(timer)
        child.removeAllListeners('exit')
        resolve({ process: child, channel0, control: control[1] })
      }
    })
  })
}

