import { driveFor, driveUntilSettled } from '../src/clock/drive'
import { VirtualClock } from '../src/clock/virtual-clock'
import { MachineController, type MachineControllerConfig } from '../src/ecr/machine/machine-controller'
import { ProductCatalogue, type Product } from '../src/ecr/machine/product-catalogue'
import { ScriptedMachineCustomers } from '../src/ecr/machine/scripted-customer'
import { SimulatedMeteredDevice, SimulatedVendingMachine } from '../src/ecr/machine/simulated-devices'
import { ConversationLog } from '../src/opi/conversation-log'
import { dialect } from '../src/opi/dialect'
import { money } from '../src/opi/money'
import { ScriptedCardholder } from '../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../src/terminal/simulated-terminal'
import { UNATTENDED_TERMINAL_SETTINGS } from '../src/terminal/unattended/unattended-profile'
import type { RigParameters } from './rig-parameters'
import { wiring, type Wiring } from './simulated-rig'

/** Seconds a person takes to react to a screen, at the machine or at the terminal. */
export const HUMAN_REACTION_MS = 2_000

/** The machine controller's settings for the bench: CCV's usual limits, shortened where a case says so. */
export const MACHINE_DEFAULTS = {
  workstationId: 'MACHINE-1', applicationSender: 'CCV certification suite', languages: ['en', 'nl', 'de', 'fr'],
  reservation: money(5000), selectionTimeoutMs: 30_000, selectionTries: 3, startTimeoutMs: 120_000,
  maxDeliveryTimeMs: 4 * 60 * 60_000, maxQuantity: 5, maxVendTimeMs: 30_000, retryDelayMs: 2_000, maxAttempts: 5, responseTimeoutMs: 330_000,
} satisfies Partial<MachineControllerConfig>

/**
 * One unattended scenario's bench in software: the reference machine controller, a simulated CCV
 * terminal in its unattended profile, chargers/pumps or a vending mechanism, and the people at the
 * machine, all on one virtual clock, over the same in-memory or loopback link as the attended rig.
 */
export class UnattendedRig {
  readonly log: ConversationLog
  readonly terminal: SimulatedTerminal
  readonly cardholder: ScriptedCardholder
  readonly devices: SimulatedMeteredDevice[] = []
  readonly vending: SimulatedVendingMachine
  private controller?: MachineController
  private customerQueue?: ScriptedMachineCustomers

  static async create(parameters: RigParameters): Promise<UnattendedRig> {
    const clock = new VirtualClock()
    return new UnattendedRig(parameters, clock, await wiring(parameters, clock))
  }

  private constructor(private readonly parameters: RigParameters, readonly clock: VirtualClock, private readonly wires: Wiring) {
    this.log = new ConversationLog(clock)
    this.terminal = new SimulatedTerminal({
      transport: wires.transport, clock, channel0: wires.terminal, ecrDevices: wires.ecr,
      format: dialect(parameters.dialect).format, seed: parameters.seed, settings: UNATTENDED_TERMINAL_SETTINGS,
      loginRequired: dialect(parameters.dialect).loginRequired, socketMode: dialect(parameters.dialect).socketMode,
      deviceRequestIds: dialect(parameters.dialect).deviceRequestIds,
    })
    this.cardholder = new ScriptedCardholder(this.terminal.face, clock)
    this.vending = new SimulatedVendingMachine(clock)
  }

  get machine(): MachineController {
    if (!this.controller) throw new Error('no machine has been set up in this scenario (a Given must open a charging station, pumps or a vending machine)')
    return this.controller
  }

  get customers(): ScriptedMachineCustomers {
    if (!this.customerQueue) throw new Error('no machine has been set up in this scenario')
    return this.customerQueue
  }

  get isOpen(): boolean {
    return this.controller !== undefined
  }

  /** Chargers or pumps numbered 1..count, each metered and locked until the controller releases it. */
  async openStation(kind: 'charger' | 'pump', count: number): Promise<void> {
    for (let i = 1; i <= count; i++) this.devices.push(new SimulatedMeteredDevice(String(i), kind, this.clock))
    await this.open({ deliveryPoints: this.devices })
  }

  async openVendingMachine(products: Product[]): Promise<void> {
    for (const p of products) this.vending.fill(p.code, 10)
    await this.open({ catalogue: new ProductCatalogue(products), vending: this.vending })
  }

  device(id: string): SimulatedMeteredDevice {
    const found = this.devices.find((d) => d.id === id)
    if (!found) throw new Error(`the machine has no device ${id} (it has ${this.devices.map((d) => d.id).join(', ') || 'none'})`)
    return found
  }

  async stop(): Promise<void> {
    await this.controller?.stop()
    await this.terminal.stop()
  }

  /** Runs virtual time until `work` is done; a 30-minute charge takes milliseconds. */
  run<T>(what: string, work: () => Promise<T>): Promise<T> {
    return driveUntilSettled(this.clock, work(), { what, settleIo: this.wires.settleIo })
  }

  /** Lets virtual time pass with nobody acting. */
  wait(durationMs: number): Promise<void> {
    return driveFor(this.clock, durationMs, this.wires.settleIo)
  }

  private async open(machinery: Pick<ConstructorParameters<typeof MachineController>[1], 'deliveryPoints' | 'catalogue' | 'vending'>): Promise<void> {
    const { transport, terminal, ecr } = this.wires
    this.controller = new MachineController({
      ...MACHINE_DEFAULTS, transport, terminal, deviceListener: ecr, format: dialect(this.parameters.dialect).format,
      socketMode: dialect(this.parameters.dialect).socketMode, loginRequired: dialect(this.parameters.dialect).loginRequired,
    }, { clock: this.clock, log: this.log, ...machinery })
    this.customerQueue = new ScriptedMachineCustomers(this.controller.panel, this.clock, HUMAN_REACTION_MS)
    await this.terminal.start()
    // Start-up talks to the terminal (status, Login, recovery, card circuits): on virtual time too.
    const controller = this.controller
    await this.run('the machine starting up', () => controller.start())
  }
}
