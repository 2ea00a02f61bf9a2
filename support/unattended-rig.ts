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
import type { SessionRecord } from '../src/ecr/machine/sessions'
import { SqliteSessionStore } from '../src/ecr/machine/sqlite-session-store'
import { ScriptedMachineCustomers } from '../src/ecr/machine/scripted-customer'
import { SimulatedMeteredDevice, SimulatedVendingMachine } from '../src/ecr/machine/simulated-devices'
import type { Endpoint } from '../src/link/transport'
import { ConversationLog } from '../src/opi/conversation-log'
import { dialect } from '../src/opi/dialect'
import { money } from '../src/opi/money'
import { ScriptedCardholder } from '../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../src/terminal/simulated-terminal'
import { UNATTENDED_TERMINAL_SETTINGS } from '../src/terminal/unattended/unattended-profile'
import { NetworkTap } from './unattended-network-tap'
import { PowerSupply } from './power-supply'
import type { RigParameters } from './rig-parameters'
import { wiring, type Wiring } from './simulated-rig'
import { ReceiptService } from './unattended-receipt-service'
import { terminalSideWitness } from './terminal-side-witness'
import { VendingFaults } from './vending-faults'

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
  /** The conversation as the terminal saw it: what the wire-level Thens read. */
  readonly log: ConversationLog
  /** The machine controller's own record of what it sent and received: separate evidence, read by no Then. */
  readonly machineLog: ConversationLog
  readonly terminal: SimulatedTerminal
  readonly cardholder: ScriptedCardholder
  readonly devices: SimulatedMeteredDevice[] = []
  readonly vending: SimulatedVendingMachine
  /** The same mechanism as the environment can break it: jammed or hung slots. */
  readonly vendingFaults: VendingFaults
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
  /** The machine's sessions, in the same database file: what a power failure leaves to settle. */
  sessionStore?: SqliteSessionStore
  /** The machine's mains: everything it has open on the link dies with it. */
  private power: PowerSupply
  /** Every connection the machine tried to open, across its power cycles. */
  readonly network: NetworkTap
  private machinery?: Machinery
  /** Sessions of machines that lost power, as they stood when it went. */
  private readonly earlierSessions: SessionRecord[] = []

  static async create(parameters: RigParameters): Promise<UnattendedRig> {
    const clock = new VirtualClock()
    return new UnattendedRig(parameters, clock, await wiring(parameters, clock))
  }

  private constructor(private readonly parameters: RigParameters, readonly clock: VirtualClock, private readonly wires: Wiring) {
    this.log = new ConversationLog(clock)
    this.machineLog = new ConversationLog(clock)
    const machineSide = terminalSideWitness(this.log, MACHINE_DEFAULTS.workstationId)
    this.terminal = new SimulatedTerminal({
      witness: machineSide, transport: wires.transport, clock, channel0: wires.terminal, ecrDevices: wires.ecr,
      format: dialect(parameters.dialect).format, seed: parameters.seed,
      settings: { ...UNATTENDED_TERMINAL_SETTINGS, contactlessCvmLimit: DEFAULT_LIMIT_PROFILE.contactlessNoCvmLimit },
      loginRequired: dialect(parameters.dialect).loginRequired, socketMode: dialect(parameters.dialect).socketMode,
      deviceRequestIds: dialect(parameters.dialect).deviceRequestIds,
    })
    this.cardholder = new ScriptedCardholder(this.terminal.face, clock)
    this.vending = new SimulatedVendingMachine(clock)
    this.vendingFaults = new VendingFaults(this.vending)
    this.network = new NetworkTap(wires.transport, clock)
    this.power = new PowerSupply(this.network)
  }

  /** Where the machine reaches the terminal. */
  get terminalEndpoint(): Endpoint {
    return this.wires.terminal
  }

  /** The machine's database file. */
  get storePath(): string {
    if (!this.storeDir) throw new Error('no machine has been set up in this scenario')
    return join(this.storeDir, 'machine.db')
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
  async openStation(kind: 'charger' | 'pump', count: number, options: { boot?: boolean } = {}): Promise<void> {
    for (let i = 1; i <= count; i++) this.devices.push(new SimulatedMeteredDevice(String(i), kind, this.clock))
    await this.open({ deliveryPoints: this.devices }, options)
  }

  async openVendingMachine(products: Product[]): Promise<void> {
    for (const p of products) this.vending.fill(p.code, 10)
    await this.open({ catalogue: new ProductCatalogue(products), vending: this.vendingFaults })
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
    this.closeStores()
    if (this.storeDir) rmSync(this.storeDir, { recursive: true, force: true })
  }

  /** Every session any machine of this scenario ran, a restored one as its last machine left it. */
  allSessions(): SessionRecord[] {
    const current = this.controller?.sessions.all() ?? []
    return [...this.earlierSessions.filter((e) => !current.some((c) => c.id === e.id)), ...current].sort((a, b) => a.id - b.id)
  }

  /** The machine is switched on: it starts by itself, with nobody at it. */
  async boot(): Promise<void> {
    const controller = this.machine
    // Start-up talks to the terminal (status, Login, recovery, card circuits): virtual time must run for it.
    await this.run('the machine starting up', () => controller.start())
  }

  /**
   * The power fails: the machine (and with `terminalToo` the terminal) goes dark at once. The chargers
   * stop where they are, their meters keep their reading; the machine's memory is gone, its database file
   * stays. After `offForMs` a new machine is built from that file alone and boots.
   */
  async powerFailure(offForMs: number, terminalToo: boolean, whileOff?: () => void): Promise<void> {
    const dead = this.machine
    dead.powerLost()
    this.earlierSessions.push(...dead.sessions.all().map((s) => ({ ...s })))
    this.log.note(0, 'ECR', 'the machine lost power: every link and everything in its memory is gone')
    for (const device of this.devices) device.lock()
    this.closeStores()
    await this.power.cut()
    whileOff?.()
    if (terminalToo) await this.run('the terminal losing power', () => this.terminal.powerCycle())
    await this.wait(offForMs)
    this.log.note(0, 'ECR', 'the machine was switched on again and rebuilt from its database')
    this.power = new PowerSupply(this.network)
    this.build(this.machinery!)
    await this.boot()
  }

  /** Mains fails on a machine with battery backup: it ends every delivery, completes it, then shuts down; later it boots again. */
  async batteryShutdown(offForMs: number): Promise<void> {
    const machine = this.machine
    await this.run('the machine shutting down on battery', () => machine.shutDownOnBattery())
    this.earlierSessions.push(...machine.sessions.all().map((s) => ({ ...s })))
    this.log.note(0, 'ECR', 'the machine shut down on battery')
    this.closeStores()
    await this.power.cut()
    await this.wait(offForMs)
    this.power = new PowerSupply(this.network)
    this.build(this.machinery!)
    await this.boot()
  }

  /** What the machine's database holds as open sessions, read as a fresh process would. */
  openSessionsOnDisk(): ReturnType<SqliteSessionStore['open']> {
    const reader = new SqliteSessionStore(this.storePath)
    try {
      return reader.open()
    } finally {
      reader.close()
    }
  }

  private closeStores(): void {
    this.receiptStore?.close()
    this.closingReports?.close()
    this.store?.close()
    this.sessionStore?.close()
  }

  /** Runs virtual time until `work` is done; a 30-minute charge takes milliseconds. */
  run<T>(what: string, work: () => Promise<T>): Promise<T> {
    return driveUntilSettled(this.clock, work(), { what, settleIo: this.wires.settleIo })
  }

  /** Lets virtual time pass with nobody acting. */
  wait(durationMs: number): Promise<void> {
    return driveFor(this.clock, durationMs, this.wires.settleIo)
  }

  /** Sets the machine up; `boot: false` leaves it switched off until a step switches it on. */
  private async open(machinery: Machinery, options: { boot?: boolean } = {}): Promise<void> {
    this.machinery = machinery
    this.storeDir = mkdtempSync(join(scratchDirectory(), 'ccv-machine-'))
    this.build(machinery)
    await this.terminal.start()
    if (options.boot ?? true) await this.boot()
  }

  /** The machine as built from its database file: at set-up, and again after a power failure. */
  private build(machinery: Machinery): void {
    const { terminal, ecr } = this.wires
    const path = this.storePath
    const store = this.store = new SqliteRegisterStore(path)
    this.sessionStore = new SqliteSessionStore(path)
    const receipts = this.receiptSettings
    let issued = 0
    // Tracking tokens from the scenario's seed: the same run prints the same codes.
    const token = () => createHash('sha256').update(`${this.parameters.seed}:${++issued}`).digest('base64url').slice(0, 10).toUpperCase()
    if (receipts) this.receiptStore = new SqliteReceiptStore(path, receipts.retention, token)
    this.closingReports = new SqliteClosingReports(path)
    const eReceipts = this.receiptService && new WebhookEReceipts(this.receiptService.url, 10_000)
    const previous = this.controller
    const opi = dialect(this.parameters.dialect)
    this.controller = new MachineController({
      ...MACHINE_DEFAULTS, transport: this.power, terminal, deviceListener: ecr, format: opi.format, limits: this.limits,
      cardIdentification: opi.cardIdentification, receipts: receipts?.desk, socketMode: opi.socketMode, loginRequired: opi.loginRequired,
    }, { clock: this.clock, log: this.machineLog, journal: store, counters: store, accessLog: store, employees: this.employees, subscriptions: this.subscriptions, closingReports: this.closingReports,
      receiptStore: this.receiptStore, eReceipts, sessionStore: this.sessionStore, ...machinery })
    // The printer is hardware: its paper state survives the machine's restart.
    if (previous) this.controller.printer.state = previous.printer.state
    this.customerQueue = new ScriptedMachineCustomers(this.controller.panel, this.clock, HUMAN_REACTION_MS)
  }
}

type Machinery = Pick<ConstructorParameters<typeof MachineController>[1], 'deliveryPoints' | 'catalogue' | 'vending'>
