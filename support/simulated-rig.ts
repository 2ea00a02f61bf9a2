import { driveFor, driveUntilSettled } from '../src/clock/drive'
import { VirtualClock } from '../src/clock/virtual-clock'
import { AttendedEcr } from '../src/ecr/attended-ecr'
import { MemoryTransport } from '../src/link/memory-transport'
import { ConversationLog } from '../src/opi/conversation-log'
import { dialect } from '../src/opi/dialect'
import { money } from '../src/opi/money'
import { ScriptedCardholder } from '../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../src/terminal/simulated-terminal'
import type { RigParameters } from './rig-parameters'

/**
 * One scenario's test bench in software: the reference ECR and a simulated CCV terminal joined by an
 * in-memory link, a cardholder standing at the terminal, all on one virtual clock.
 */
export class SimulatedRig {
  readonly clock = new VirtualClock()
  readonly log = new ConversationLog(this.clock)
  readonly terminal: SimulatedTerminal
  readonly cardholder: ScriptedCardholder
  readonly ecr: AttendedEcr

  constructor(parameters: RigParameters) {
    const opi = dialect(parameters.dialect)
    const transport = new MemoryTransport(this.clock)
    const terminalEndpoint = { host: 'terminal', port: opi.channel0Port }
    const ecrEndpoint = { host: 'ecr', port: opi.channel1Port }
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
    return driveUntilSettled(this.clock, work(), { what })
  }

  /** Lets virtual time pass with nobody acting. */
  wait(durationMs: number): Promise<void> {
    return driveFor(this.clock, durationMs)
  }
}
