import { createServer } from 'node:net'
import { driveFor, driveUntilSettled } from '../src/clock/drive'
import { VirtualClock } from '../src/clock/virtual-clock'
import { AttendedEcr } from '../src/ecr/attended-ecr'
import { MemoryTransport } from '../src/link/memory-transport'
import { TcpTransport } from '../src/link/tcp-transport'
import { TrafficMeter } from '../src/link/traffic-meter'
import type { Endpoint, Transport } from '../src/link/transport'
import { ConversationLog } from '../src/opi/conversation-log'
import { dialect } from '../src/opi/dialect'
import { money } from '../src/opi/money'
import { ScriptedCardholder } from '../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../src/terminal/simulated-terminal'
import type { RigParameters } from './rig-parameters'

export interface Wiring {
  transport: Transport
  terminal: Endpoint
  ecr: Endpoint
  /** Waits for messages already sent to arrive; real sockets need real I/O for that. */
  settleIo?: () => Promise<void>
}

/** A port nobody uses right now, so parallel runs on one machine do not collide. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export async function wiring(parameters: RigParameters, clock: VirtualClock): Promise<Wiring> {
  const opi = dialect(parameters.dialect)
  if (parameters.link === 'memory') {
    return { transport: new MemoryTransport(clock), terminal: { host: 'terminal', port: opi.channel0Port }, ecr: { host: 'ecr', port: opi.channel1Port } }
  }
  const meter = new TrafficMeter()
  return {
    transport: new TcpTransport({ meter }),
    terminal: { host: '127.0.0.1', port: await freePort() },
    ecr: { host: '127.0.0.1', port: await freePort() },
    settleIo: () => meter.settle(),
  }
}

/**
 * One scenario's test bench in software: the reference ECR and a simulated CCV terminal joined by an
 * in-memory or loopback TCP link, a cardholder standing at the terminal, all on one virtual clock.
 */
export class SimulatedRig {
  readonly log: ConversationLog
  readonly terminal: SimulatedTerminal
  readonly cardholder: ScriptedCardholder
  readonly ecr: AttendedEcr

  static async create(parameters: RigParameters): Promise<SimulatedRig> {
    const clock = new VirtualClock()
    return new SimulatedRig(parameters, clock, await wiring(parameters, clock))
  }

  private constructor(parameters: RigParameters, readonly clock: VirtualClock, private readonly wires: Wiring) {
    const opi = dialect(parameters.dialect)
    const { transport, terminal: terminalEndpoint, ecr: ecrEndpoint } = wires
    this.log = new ConversationLog(clock)
    this.terminal = new SimulatedTerminal({
      transport, clock: this.clock, channel0: terminalEndpoint, ecrDevices: ecrEndpoint, format: opi.format, seed: parameters.seed,
    })
    this.cardholder = new ScriptedCardholder(this.terminal.face, this.clock)
    this.ecr = new AttendedEcr({
      transport, terminal: terminalEndpoint, deviceListener: ecrEndpoint, format: opi.format,
      workstationId: 'LANE-1', languageCode: 'en', applicationSender: 'CCV certification suite',
      responseTimeoutMs: 330_000, maxAmount: money(9_999_999),
    }, { clock: this.clock, log: this.log })
  }

  async start(): Promise<void> {
    await this.terminal.start()
    await this.ecr.start()
  }

  async stop(): Promise<void> {
    await this.ecr.stop()
    await this.terminal.stop()
  }

  /** Runs virtual time until `work` is done; a conversation that would take minutes takes milliseconds. */
  run<T>(what: string, work: () => Promise<T>): Promise<T> {
    return driveUntilSettled(this.clock, work(), { what, settleIo: this.wires.settleIo })
  }

  /** Lets virtual time pass with nobody acting. */
  wait(durationMs: number): Promise<void> {
    return driveFor(this.clock, durationMs, this.wires.settleIo)
  }
}
