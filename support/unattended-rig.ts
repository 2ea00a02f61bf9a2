import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { driveFor, driveUntilSettled } from '../src/clock/drive'
import { createHash } from 'node:crypto'
import { EmployeeDirectory } from '../src/ecr/employees'
import { WebhookEReceipts } from '../src/ecr/machine/e-receipts'
import type { ReceiptDeskConfig } from '../src/ecr/machine/receipt-desk'
import { SubscriptionAccounts } from '../src/ecr/machine/subscription-cards'
import { SqliteClosingReports } from '../src/ecr/machine/period-closing'
import { SqliteReceiptStore, type ReceiptRetention } from '../src/ecr/machine/receipt-store'
import { SqliteRegisterStore } from '../src/ecr/peripherals/sqlite-journal'
import { VirtualClock } from '../src/clock/virtual-clock'
import { DEFAULT_LIMIT_PROFILE, type LimitProfile } from '../src/ecr/machine/limits'
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
import { ReceiptService } from './unattended-receipt-service'

/**
 * Where the machine's database lives during a scenario: a memory-backed file system where there is one,
 * so the synchronous writes stay real SQLite writes without a disk flush each (seconds over the suite).
 */
function scratchDirectory(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir()
}

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
  /** The machine's journal and counters: a real SQLite file, hash-chained, in a directory of its own. */
  store?: SqliteRegisterStore
  private storeDir?: string
  /** Receipts kept after the sale, and the e-receipt service, when the scenario's machine offers them. */
  receiptStore?: SqliteReceiptStore
  receiptService?: ReceiptService
  private receiptSettings?: { retention: ReceiptRetention; desk: ReceiptDeskConfig }
  /** The machine's closing reports, in its database file. */
  closingReports?: SqliteClosingReports
  /** The machine's Mifare subscription and fleet cards. */
  readonly subscriptions = new SubscriptionAccounts()
  /** Who may sign in at the machine's service menu. */
  readonly employees = new EmployeeDirectory()
  /** The acquirer's limits, configured on both the terminal and the machine. */
  limits: LimitProfile = DEFAULT_LIMIT_PROFILE

  static async create(parameters: RigParameters): Promise<UnattendedRig> {
    const clock = new VirtualClock()
    return new UnattendedRig(parameters, clock, await wiring(parameters, clock))
  }

  private constructor(private readonly parameters: RigParameters, readonly clock: VirtualClock, private readonly wires: Wiring) {
    this.log = new ConversationLog(clock)
    this.terminal = new SimulatedTerminal({
      transport: wires.transport, clock, channel0: wires.terminal, ecrDevices: wires.ecr,
      format: dialect(parameters.dialect).format, seed: parameters.seed,
      settings: { ...UNATTENDED_TERMINAL_SETTINGS, contactlessCvmLimit: DEFAULT_LIMIT_PROFILE.contactlessNoCvmLimit },
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

  /** Before the machine opens: it keeps receipts this long and, with `eReceipts`, offers them by e-mail through a real local service. */
  async keepReceipts(retention: ReceiptRetention, eReceipts: boolean): Promise<void> {
    this.receiptSettings = {
      retention,
      desk: { offerEReceipt: eReceipts, reprintWindowMs: 30_000, entryTimeoutMs: 60_000, declinedSlip: 'print', cancelledSlip: 'print' },
    }
    if (eReceipts) this.receiptService = await ReceiptService.start()
  }

  /** One limit profile, as the acquirer sets it: the terminal verifies above the contactless limit, the machine keeps to the maximum. */
  applyLimits(limits: LimitProfile): void {
    this.limits = limits
    this.terminal.settings.contactlessCvmLimit = limits.contactlessNoCvmLimit
    this.controller?.configure({ limits })
  }

  device(id: string): SimulatedMeteredDevice {
    const found = this.devices.find((d) => d.id === id)
    if (!found) throw new Error(`the machine has no device ${id} (it has ${this.devices.map((d) => d.id).join(', ') || 'none'})`)
    return found
  }

  async stop(): Promise<void> {
    await this.controller?.stop()
    await this.terminal.stop()
    if (this.receiptService?.mode !== 'down') await this.receiptService?.close()
  }

  /** After the evidence is attached: the machine's database goes with the scenario. */
  dispose(): void {
    this.receiptStore?.close()
    this.closingReports?.close()
    this.store?.close()
    if (this.storeDir) rmSync(this.storeDir, { recursive: true, force: true })
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
    this.storeDir = mkdtempSync(join(scratchDirectory(), 'ccv-machine-'))
    const store = this.store = new SqliteRegisterStore(join(this.storeDir, 'machine.db'))
    const receipts = this.receiptSettings
    let issued = 0
    // Tracking tokens from the scenario's seed: the same run prints the same codes.
    const token = () => createHash('sha256').update(`${this.parameters.seed}:${++issued}`).digest('base64url').slice(0, 10).toUpperCase()
    if (receipts) this.receiptStore = new SqliteReceiptStore(join(this.storeDir, 'machine.db'), receipts.retention, token)
    this.closingReports = new SqliteClosingReports(join(this.storeDir, 'machine.db'))
    const eReceipts = this.receiptService && new WebhookEReceipts(this.receiptService.url, 10_000)
    this.controller = new MachineController({
      ...MACHINE_DEFAULTS, transport, terminal, deviceListener: ecr, format: dialect(this.parameters.dialect).format, limits: this.limits,
      cardIdentification: dialect(this.parameters.dialect).cardIdentification, receipts: receipts?.desk,
    }, { clock: this.clock, log: this.log, journal: store, counters: store, accessLog: store, employees: this.employees, subscriptions: this.subscriptions, closingReports: this.closingReports,
      receiptStore: this.receiptStore, eReceipts, ...machinery })
    this.customerQueue = new ScriptedMachineCustomers(this.controller.panel, this.clock, HUMAN_REACTION_MS)
    await this.terminal.start()
    const controller = this.controller
    // Start-up talks to the terminal (GetCardCircuits): virtual time must run for it.
    await this.run('the machine starting up', () => controller.start())
  }
}
