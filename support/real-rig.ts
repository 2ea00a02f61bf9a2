import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sleep, withTimeout, type Clock } from '../src/clock/clock'
import { AttendedEcr, DEFAULT_MAX_AMOUNT } from '../src/ecr/attended-ecr'
import { DEFAULT_RECOVERY_POLICY } from '../src/ecr/transaction-recovery'
import type { JournalEntry } from '../src/ecr/peripherals/journal'
import { ScaledClock } from '../src/clock/scaled-clock'
import { SqliteRegisterStore } from '../src/ecr/peripherals/sqlite-journal'
import { TcpTransport } from '../src/link/tcp-transport'
import type { Transport } from '../src/link/transport'
import { ConversationLog } from '../src/opi/conversation-log'
import { dialect } from '../src/opi/dialect'
import { CaseNotRun } from '../src/operator/not-run'
import { PromptDesk } from '../src/operator/prompts'
import { recordInto } from '../src/proxy/witness-log'
import type { SimulatedTerminal } from '../src/terminal/simulated-terminal'
import { BackOfficeRecords, BenchEnvironment } from './bench-environment'
import type { Bench } from './bench'
import type { HostRecords } from './environment'
import { startFaultyRegister, type FaultyRegister } from './faulty-register'
import { LANE_2, MAIN_LANE, laneTwoRegister, type SecondLane } from './simulated-rig'
import { StoredBeforeConfirmedWitness } from './stored-before-confirmed'
import { PowerSupply } from './power-supply'
import { inFlightInFile } from './register-database'
import { ScriptedCashier } from './scripted-cashier'
import type { LineNoiseControl } from './line-noise-control'

/** A cashier at the register answers its questions in a second or two: the register is ours, on the bench too. */
const CASHIER_REACTION_MS = 1_500
/** After a prompt was not carried out: how long the register may take to abort and settle the payment. */
const SETTLE_AFTER_REFUSAL_MS = 60_000
/** A serial line has no addresses; the register's settings still want one. */
const LINE = { host: 'serial line', port: 0 }

/**
 * One scenario on a real terminal: the same reference ECR as in simulation, over TCP through the
 * recording witness, on wall-clock time. The wire log is the witness's, not the register's own; the
 * environment is the person at the bench; money moved is read from CCV's test back office.
 */
export class RealRig {
  /** What the witness on the wire saw: the log every wire-level Then reads. */
  readonly log: ConversationLog
  /** The register's own log of its traffic, kept apart from the evidence. */
  readonly ownLog: ConversationLog
  readonly clock: Clock
  /** When each E-Journal confirmation passed the witness, what the register's database file already held. */
  readonly journalWrites: StoredBeforeConfirmedWitness
  readonly cashier: ScriptedCashier
  readonly desk: PromptDesk
  readonly environment: BenchEnvironment
  readonly hostRecords: HostRecords
  ecr: AttendedEcr
  store: SqliteRegisterStore
  private power: PowerSupply
  readonly responseTimeoutMs = 330_000
  /**
   * Two readings of one instant on the wall clock (the witness stamping a message, the register its
   * display) lie up to this far apart: 50 ms of real time, in bench time.
   */
  readonly timingPrecisionMs: number
  /** The test-card registry the prompts named cards from, for the report. */
  readonly testCards: string
  /** Noise on the register's line, put on by the witness in it; a serial line has no witness in it to do so. */
  get lineNoise(): LineNoiseControl | undefined { return this.bench.route.kind === 'tcp' ? this.bench.route.proxy.noiseTowardsRegister : undefined }
  private readonly storeDir = mkdtempSync(join(tmpdir(), 'ccv-register-'))
  private readonly stopWitnessing: (() => void)[] = []
  /** The faulty register at lane 2, stopped with the rig. */
  private readonly otherRegisters: (() => Promise<void>)[] = []

  static async create(bench: Bench): Promise<RealRig> {
    if (bench.route.kind === 'serial') return new RealRig(bench, bench.route.line)
    // Bound now and held until the register listens on it: the witness is told the port with no window for another program.
    const transport = new TcpTransport()
    bench.ecrDevices = await transport.reserve()
    return new RealRig(bench, transport, () => transport.releaseReservations())
  }

  /** `transport`: the register's own link, TCP towards the proxy or the serial line through its tap. */
  private constructor(private readonly bench: Bench, private readonly transport: Transport, private readonly release: () => Promise<void> = () => Promise.resolve()) {
    const { config } = bench
    this.clock = bench.clock
    this.timingPrecisionMs = 50 * (bench.config.simulate?.timeSpeed ?? 1)
    this.testCards = bench.cards.describe()
    this.log = new ConversationLog(this.clock)
    this.ownLog = new ConversationLog(this.clock)
    this.journalWrites = new StoredBeforeConfirmedWitness(this.clock, () => this.store.path, MAIN_LANE)
    this.desk = new PromptDesk(bench.operator, this.clock, config.promptTimeoutsMs)
    this.environment = new BenchEnvironment(this.desk, bench.cards, {
      'present card': new RegExp(config.screens['present card'], 'i'), 'enter PIN': new RegExp(config.screens['enter PIN'], 'i'), 'remove card': new RegExp(config.screens['remove card'], 'i'), authorising: new RegExp(config.screens.authorising, 'i'),
    }, () => this.witnessFollowsPowerOff())
    this.hostRecords = new BackOfficeRecords(this.desk)
    // The register under test's conversation: a further lane's register has its own record (addSecondLane, addFaultyRegister).
    this.stopWitnessing.push(recordInto(this.log, (listener) => bench.witness.onRecord((record) => { if (record.workstation === undefined || record.workstation === MAIN_LANE) listener(record) })))
    this.stopWitnessing.push(bench.witness.onRecord((record) => this.environment.witnessed(record)))
    this.stopWitnessing.push(bench.witness.onRecord((record) => { if (record.message) this.journalWrites.seen(record.from, record.message) }))
    this.cashier = new ScriptedCashier(this.clock, CASHIER_REACTION_MS)
    this.store = new SqliteRegisterStore(join(this.storeDir, 'register.db'))
    this.store.continueRequestIdsAfter(bench.lastRequestId)
    this.power = new PowerSupply(this.transport)
    this.ecr = this.buildEcr()
  }

  /** The register as an integrator deploys it, as in simulation: only the link differs. */
  private buildEcr(): AttendedEcr {
    const opi = dialect(this.bench.config.dialect)
    const { route } = this.bench
    // A serial line carries both channels: single-socket mode, and no addresses (the line ignores them).
    const serial = route.kind === 'serial'
    return new AttendedEcr({
      transport: this.power, terminal: serial ? LINE : route.endpoints.channel0, deviceListener: serial ? LINE : this.bench.ecrDevices!, format: opi.format,
      socketMode: serial ? 'single' : opi.socketMode, loginRequired: opi.loginRequired,
      workstationId: 'LANE-1', languageCode: 'en', applicationSender: 'CCV certification suite',
      responseTimeoutMs: this.responseTimeoutMs, maxAmount: DEFAULT_MAX_AMOUNT,
    }, { clock: this.clock, log: this.ownLog, journal: this.store, counters: this.store, prompts: this.cashier })
  }

  /** Q1F: the terminal is off; the witness checks that for itself and then refuses the register as the terminal does. */
  private async witnessFollowsPowerOff(): Promise<void> {
    const { route } = this.bench
    if (route.kind === 'serial') throw new CaseNotRun('a serial line has no connection for a switched-off terminal to refuse: the register would wait for an answer instead')
    if (!await route.proxy.standDown()) throw new CaseNotRun('the operator switched the terminal off, but it still takes connections: the case needs it off')
  }

  /** How this case reached the terminal and what time it ran on, for the case's log. */
  describe(): string {
    const { route, clock } = this.bench
    const link = route.kind === 'serial' ? `over the ${route.line.description}, the witness on the line` : 'over TCP through the recording witness'
    const time = clock instanceof ScaledClock ? `bench time ${clock.speed} times as fast as the wall clock (simulated terminal)` : 'wall-clock time'
    return `terminal on the bench, ${link}; ${time}`
  }

  /** A real terminal's inner state cannot be read: a step that needs it does not run on the bench. */
  get terminal(): SimulatedTerminal {
    throw new CaseNotRun('this step reads the simulated terminal\'s own state (faults, screen, host ledger, settings), which a real terminal does not expose')
  }

  get cardholder(): never {
    throw new CaseNotRun('this step scripts the simulated cardholder directly instead of through the environment')
  }

  /**
   * A second register at workstation LANE-2, through the witness as any register: the terminal calls it
   * at the witness's address for that workstation (bench config `witness.lanes`), passed on to its device
   * port. Its conversation is the witness's record of LANE-2.
   */
  async addSecondLane(): Promise<SecondLane> {
    const { route } = this.bench
    if (route.kind !== 'tcp') throw new CaseNotRun('a second register needs its own connection to the terminal; the serial line carries only the register under test')
    if (!route.endpoints.lanes[LANE_2]) throw new CaseNotRun(`a second register needs the terminal to call workstation ${LANE_2} at an address of the witness: set "witness.lanes": {"${LANE_2}": "host:port"} in the bench config and that address in the terminal (README, "Certifying on the bench")`)
    const transport = new TcpTransport()
    const log = new ConversationLog(this.clock)
    this.stopWitnessing.push(recordInto(log, (listener) => this.bench.witness.onRecord((record) => { if (record.workstation === LANE_2) listener(record) })))
    const devices = await transport.reserve()
    this.bench.laneDevices[LANE_2] = devices
    // Lane 2 keeps its journal in its own database file, as a deployed register does.
    const store = new SqliteRegisterStore(join(this.storeDir, 'lane-2.db'))
    const ecr = laneTwoRegister({ transport, terminal: route.endpoints.channel0, deviceListener: devices, dialect: this.bench.config.dialect, responseTimeoutMs: this.responseTimeoutMs },
      { clock: this.clock, log: new ConversationLog(this.clock), prompts: this.cashier, store })
    this.otherRegisters.push(async () => {
      await ecr.stop()
      store.close()
      delete this.bench.laneDevices[LANE_2]
      await transport.releaseReservations()
    })
    await this.run('lane 2 starting up', () => ecr.start())
    return { ecr, log }
  }

  /**
   * The register with a broken amount check, at workstation LANE-2 beside the register under test: it
   * reaches the terminal through the witness as any register does, and its Thens read the witness's
   * record of LANE-2. A serial line carries one register's conversation, so there it does not run.
   */
  async addFaultyRegister(): Promise<FaultyRegister> {
    const { route } = this.bench
    if (route.kind !== 'tcp') throw new CaseNotRun('a second register needs its own connection to the terminal; the serial line carries only the register under test')
    const transport = new TcpTransport()
    const witnessLog = new ConversationLog(this.clock)
    this.stopWitnessing.push(recordInto(witnessLog, (listener) => this.bench.witness.onRecord((record) => { if (record.workstation === LANE_2) listener(record) })))
    const { register, stop } = await startFaultyRegister({
      transport, clock: this.clock, terminal: route.endpoints.channel0, deviceListener: await transport.reserve(), dialect: this.bench.config.dialect,
      workstationId: LANE_2, responseTimeoutMs: this.responseTimeoutMs, witnessLog, run: (what, work) => this.run(what, work),
    })
    this.otherRegisters.push(async () => { await stop(); await transport.releaseReservations() })
    return register
  }

  async start(): Promise<void> {
    await this.bench.operator.scenarioStarts?.()
    // The terminal is on again after the tidy-up: so is the witness's port, if a switched-off terminal closed it.
    if (this.bench.route.kind === 'tcp') await this.bench.route.proxy.standUp()
    await this.run('the register starting up', () => this.ecr.start())
  }

  async stop(): Promise<void> {
    // Taken before the power cut closed the store, if one left it closed.
    if (this.store.isOpen) this.bench.lastRequestId = this.store.lastRequestId()
    this.desk.close()
    for (const stop of this.stopWitnessing.splice(0)) stop()
    await this.ecr.stop()
    for (const stop of this.otherRegisters.splice(0)) await stop()
    await this.release()
  }

  inFlightOnDisk(): JournalEntry[] {
    return inFlightInFile(this.store.path)
  }

  dispose(): void {
    this.store.close()
    rmSync(this.storeDir, { recursive: true, force: true })
  }

  /** H2A on the bench: the register's process dies and is rebuilt from its database; the terminal is not touched. */
  async powerCycleEcr(offForMs: number, onPowerBack?: () => void): Promise<void> {
    // Refused before the power goes: a register left dead would leave the evidence nothing to read.
    this.mayWait(offForMs)
    this.log.note(0, 'ECR', 'the register lost power: every link and everything in its memory is gone')
    const printers = { printer: this.ecr.printer.state, journalPrinter: this.ecr.journalPrinter.state }
    this.bench.lastRequestId = this.store.lastRequestId()
    this.store.close()
    await this.power.cut()
    await this.wait(offForMs)
    onPowerBack?.()
    this.log.note(0, 'ECR', 'the register was switched on again and rebuilt from its database')
    this.store = new SqliteRegisterStore(this.store.path)
    this.power = new PowerSupply(this.transport)
    this.ecr = this.buildEcr()
    this.ecr.printer.state = printers.printer
    this.ecr.journalPrinter.state = printers.journalPrinter
    await this.run('the register starting up', () => this.ecr.start())
  }

  /**
   * Wall-clock work, bounded: by the register's own response timeout, and by the first prompt the
   * operator did not carry out, after which the register aborts and the case is not run.
   */
  async run<T>(what: string, work: () => Promise<T>): Promise<T> {
    const running = work()
    try {
      return await withTimeout(this.clock, Promise.race([running, this.environment.refusal]), this.longestWorkMs, what)
    } catch (error) {
      if (error instanceof CaseNotRun) await this.settleAfterRefusal(running)
      throw error
    }
  }

  /** The cable pulled earlier is back in: the person at the bench says so. */
  untilLinkIsBack(): Promise<void> {
    return this.run('the link coming back', () => this.environment.linkIsBack())
  }

  /** A payment, then every recovery attempt waiting out the response timeout (a terminal that hangs), with a minute to spare. */
  private get longestWorkMs(): number {
    const { attempts, pauseMs } = DEFAULT_RECOVERY_POLICY
    return (attempts + 1) * (this.responseTimeoutMs + pauseMs) + 60_000
  }

  /** What a real bench sees of it: the terminal's "please wait" for the cashier display, on the witness's wire. */
  untilTerminalAuthorises(): Promise<void> {
    return this.environment.moment('authorising')
  }

  async wait(durationMs: number): Promise<void> {
    this.mayWait(durationMs)
    await sleep(this.clock, durationMs)
  }

  private mayWait(durationMs: number): void {
    const speed = this.bench.config.simulate?.timeSpeed ?? 1
    const time = speed > 1 ? `bench time, ${speed} times as fast as the wall clock` : 'the wall clock'
    if (durationMs > this.bench.config.maxWaitMs) throw new CaseNotRun(`the scenario lets ${durationMs / 1000} s pass; the bench runs on ${time} and waits at most ${this.bench.config.maxWaitMs / 1000} s (maxWaitSeconds)`)
  }

  private async settleAfterRefusal(running: Promise<unknown>): Promise<void> {
    if (this.ecr.paymentRunning) this.ecr.pressAbort()
    await withTimeout(this.clock, running, SETTLE_AFTER_REFUSAL_MS, 'the payment after an operator refusal').catch(() => undefined)
  }
}
