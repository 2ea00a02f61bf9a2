import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { driveFor, driveUntilSettled } from '../src/clock/drive'
import { VirtualClock } from '../src/clock/virtual-clock'
import { sleep, type Clock } from '../src/clock/clock'
import { AttendedEcr, DEFAULT_MAX_AMOUNT } from '../src/ecr/attended-ecr'
import type { CashierPrompts } from '../src/ecr/device-request-dispatcher'
import type { JournalEntry } from '../src/ecr/peripherals/journal'
import { SqliteRegisterStore } from '../src/ecr/peripherals/sqlite-journal'
import { MemoryTransport } from '../src/link/memory-transport'
import { TcpTransport } from '../src/link/tcp-transport'
import { TrafficMeter } from '../src/link/traffic-meter'
import type { Endpoint, Transport } from '../src/link/transport'
import { ConversationLog } from '../src/opi/conversation-log'
import { dialect, type SocketMode } from '../src/opi/dialect'
import { ScriptedCardholder } from '../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../src/terminal/simulated-terminal'
import { ScriptedEnvironment, SimulatedHostRecords } from './environment'
import { startFaultyRegister, type FaultyRegister } from './faulty-register'
import { PowerSupply } from './power-supply'
import { inFlightInFile } from './register-database'
import { RegisterCable } from './register-cable'
import type { LineNoiseControl } from './line-noise-control'
import type { RigParameters } from './rig-parameters'
import { ScriptedCashier } from './scripted-cashier'
import { StoredBeforeConfirmedWitness } from './stored-before-confirmed'
import { terminalSideWitness } from './terminal-side-witness'

/** The workstation of the register under test. */
export const MAIN_LANE = 'LANE-1'

/** The workstation of the second register at the terminal, in the scenarios with two lanes. */
export const LANE_2 = 'LANE-2'

export interface SecondLane {
  ecr: AttendedEcr
  /** Lane 2's conversation as the terminal saw it; the register's own log stays with the register. */
  log: ConversationLog
}

export type { FaultyRegister } from './faulty-register'

/** Lane 2's register, the same reference ECR as the register under test, on workstation LANE-2, in either rig. */
export function laneTwoRegister(wiring: { transport: Transport; terminal: Endpoint; deviceListener: Endpoint; dialect: RigParameters['dialect']; responseTimeoutMs: number },
  deps: { clock: Clock; log: ConversationLog; prompts: CashierPrompts; store: SqliteRegisterStore }): AttendedEcr {
  const opi = dialect(wiring.dialect)
  return new AttendedEcr({
    transport: wiring.transport, terminal: wiring.terminal, deviceListener: wiring.deviceListener, format: opi.format,
    socketMode: opi.socketMode, loginRequired: opi.loginRequired,
    workstationId: LANE_2, languageCode: 'en', applicationSender: 'CCV certification suite, lane 2',
    responseTimeoutMs: wiring.responseTimeoutMs, maxAmount: DEFAULT_MAX_AMOUNT,
  }, { clock: deps.clock, log: deps.log, prompts: deps.prompts, journal: deps.store, counters: deps.store, accessLog: deps.store })
}

/** Seconds a cashier takes to read a question on the register and answer it (CCV asks for at least 6 s on screen). */
const CASHIER_REACTION_MS = 8_000

export interface Wiring {
  transport: Transport
  terminal: Endpoint
  ecr: Endpoint
  /** A second register at the same terminal (lane 2) takes its device requests here. */
  lane2: Endpoint
  /** Waits for messages already sent to arrive; real sockets need real I/O for that. */
  settleIo?: () => Promise<void>
  /** Frees what the wiring still holds (reserved ports nobody listened on). */
  release?: () => Promise<void>
}


export async function wiring(parameters: RigParameters, clock: VirtualClock): Promise<Wiring> {
  const opi = dialect(parameters.dialect)
  if (parameters.link === 'memory') {
    return {
      transport: new MemoryTransport(clock), terminal: { host: 'terminal', port: opi.channel0Port }, ecr: { host: 'ecr', port: opi.channel1Port },
      lane2: { host: 'ecr-lane-2', port: opi.channel1Port },
    }
  }
  const meter = new TrafficMeter()
  const transport = new TcpTransport({ meter })
  return {
    transport, terminal: await transport.reserve(), ecr: await transport.reserve(), lane2: await transport.reserve(),
    settleIo: () => meter.settle(), release: () => transport.releaseReservations(),
  }
}

/**
 * One scenario's test bench in software: the reference ECR and a simulated CCV terminal joined by an
 * in-memory or loopback TCP link, a cardholder standing at the terminal, all on one virtual clock.
 */
export class SimulatedRig {
  /** The conversation as the terminal saw it: what the wire-level Thens read. */
  readonly log: ConversationLog
  /** The register's own record of what it sent and received: separate evidence, never the witness. */
  readonly registerLog: ConversationLog
  /** When each E-Journal confirmation reached the terminal, what the register's database file already held. */
  readonly journalWrites: StoredBeforeConfirmedWitness
  /** What the terminal saw of lane 2's register (the second lane or the faulty register), if one is added. */
  private readonly laneTwoLog: ConversationLog
  readonly terminal: SimulatedTerminal
  readonly cardholder: ScriptedCardholder
  readonly cashier: ScriptedCashier
  /** The cardholder, the issuer and the world around the terminal, acted out in process. */
  readonly environment: ScriptedEnvironment
  readonly hostRecords: SimulatedHostRecords
  /** Replaced when the register is restarted: the old object is dead and forgotten. */
  ecr: AttendedEcr
  /** The register's database file, which is all that survives a restart. */
  store: SqliteRegisterStore
  private power: PowerSupply
  /** The register's own cable and network: noise on it, or a network that swallows connections. */
  readonly cable: RegisterCable
  /** Noise on the register's line: the cable's. */
  get lineNoise(): LineNoiseControl { return this.cable }
  /** Lane 2's register or the faulty one, stopped with the rig. */
  private readonly otherRegisters: (() => Promise<void>)[] = []
  private readonly storeDir = mkdtempSync(join(tmpdir(), 'ccv-register-'))
  private readonly parameters: RigParameters
  /** How long the register waits for a final answer: longer than the terminal's longest cardholder timeout. */
  readonly responseTimeoutMs = 330_000
  /** Virtual time is exact: every observation of one instant reads the same millisecond. */
  readonly timingPrecisionMs = 0
  /** How long the register tries to open a connection before it calls the terminal unreachable (nothing sent). */
  readonly connectTimeoutMs = 10_000
  /**
   * What service staff set on the register beyond the rig's defaults: a silence limit (blix-opi's T2;
   * unset, as delivered, only the response timeout applies), single-socket mode for a terminal that sends
   * its device requests on the request's own connection.
   */
  private registerSettings: { silenceTimeoutMs?: number; socketMode?: SocketMode } = {}

  static async create(parameters: RigParameters): Promise<SimulatedRig> {
    const clock = new VirtualClock()
    return new SimulatedRig(parameters, clock, await wiring(parameters, clock))
  }

  private constructor(parameters: RigParameters, readonly clock: VirtualClock, private readonly wires: Wiring) {
    const opi = dialect(parameters.dialect)
    const { transport, terminal: terminalEndpoint, ecr: ecrEndpoint } = wires
    this.parameters = parameters
    this.log = new ConversationLog(clock)
    this.registerLog = new ConversationLog(clock)
    this.laneTwoLog = new ConversationLog(clock)
    const mainLane = terminalSideWitness(this.log, MAIN_LANE)
    const laneTwo = terminalSideWitness(this.laneTwoLog, LANE_2)
    const journalWrites = this.journalWrites = new StoredBeforeConfirmedWitness(clock, () => this.store.path, MAIN_LANE)
    this.terminal = new SimulatedTerminal({
      witness: (channel) => {
        const taps = [mainLane(channel), laneTwo(channel), journalWrites.tap()]
        return (event) => { for (const tap of taps) tap(event) }
      },
      transport, clock: this.clock, channel0: terminalEndpoint, ecrDevices: ecrEndpoint, lanes: { [LANE_2]: wires.lane2 }, format: opi.format, seed: parameters.seed,
      loginRequired: opi.loginRequired, socketMode: opi.socketMode, deviceRequestIds: opi.deviceRequestIds,
    })
    this.cardholder = new ScriptedCardholder(this.terminal.face, this.clock)
    this.cashier = new ScriptedCashier(this.clock, CASHIER_REACTION_MS)
    this.environment = new ScriptedEnvironment(this.cardholder, this.terminal, (what, work) => this.run(what, work))
    this.hostRecords = new SimulatedHostRecords(this.terminal.host)
    this.store = new SqliteRegisterStore(join(this.storeDir, 'register.db'))
    this.cable = new RegisterCable(transport)
    this.power = new PowerSupply(this.cable)
    this.ecr = this.buildEcr()
  }

  /**
   * A second register at the same terminal, on workstation LANE-2 with its own device address (the
   * terminal is configured with one per workstation). Its conversation is logged on its own.
   */
  async addSecondLane(): Promise<SecondLane> {
    // Lane 2 keeps its journal in its own database file, as a deployed register does.
    const store = new SqliteRegisterStore(join(this.storeDir, 'lane-2.db'))
    const ecr = laneTwoRegister({ transport: this.wires.transport, terminal: this.wires.terminal, deviceListener: this.wires.lane2, dialect: this.parameters.dialect, responseTimeoutMs: this.responseTimeoutMs },
      { clock: this.clock, log: new ConversationLog(this.clock), prompts: this.cashier, store })
    this.otherRegisters.push(async () => {
      await ecr.stop()
      store.close()
    })
    await this.run('lane 2 starting up', () => ecr.start())
    return { ecr, log: this.laneTwoLog }
  }

  /** A register with a bug in its amount check, at lane 2 (support/faulty-register.ts). */
  async addFaultyRegister(): Promise<FaultyRegister> {
    const { register, stop } = await startFaultyRegister({
      transport: this.wires.transport, clock: this.clock, terminal: this.wires.terminal, deviceListener: this.wires.lane2, dialect: this.parameters.dialect,
      workstationId: LANE_2, responseTimeoutMs: this.responseTimeoutMs, witnessLog: this.laneTwoLog, run: (what, work) => this.run(what, work),
    })
    this.otherRegisters.push(stop)
    return register
  }

  /** The register as an integrator deploys it: everything it knows at start-up comes from its database. */
  private buildEcr(): AttendedEcr {
    const opi = dialect(this.parameters.dialect)
    return new AttendedEcr({
      transport: this.power, terminal: this.wires.terminal, deviceListener: this.wires.ecr, format: opi.format,
      socketMode: this.registerSettings.socketMode ?? opi.socketMode, loginRequired: opi.loginRequired,
      workstationId: MAIN_LANE, languageCode: 'en', applicationSender: 'CCV certification suite',
      responseTimeoutMs: this.responseTimeoutMs, connectTimeoutMs: this.connectTimeoutMs, silenceTimeoutMs: this.registerSettings.silenceTimeoutMs, maxAmount: DEFAULT_MAX_AMOUNT,
    }, { clock: this.clock, log: this.registerLog, journal: this.store, counters: this.store, prompts: this.cashier })
  }

  /**
   * Power loss (H2A): every in-memory object of the register is dropped, its links die with it and its
   * database is closed mid-flight. After `offForMs` a new register is built from the database file
   * alone and started, which is when it must find and settle what was in flight.
   */
  async powerCycleEcr(offForMs: number, onPowerBack?: () => void): Promise<void> {
    this.log.note(0, 'ECR', 'the register lost power: every link and everything in its memory is gone')
    this.store.close()
    await this.power.cut()
    await this.wait(offForMs)
    onPowerBack?.()
    this.log.note(0, 'ECR', 'the register was switched on again and rebuilt from its database')
    const printers = { printer: this.ecr.printer.state, journalPrinter: this.ecr.journalPrinter.state }
    this.store = new SqliteRegisterStore(this.store.path)
    this.power = new PowerSupply(this.cable)
    this.ecr = this.buildEcr()
    // The printers are hardware: they keep their state across the register's restart.
    this.ecr.printer.state = printers.printer
    this.ecr.journalPrinter.state = printers.journalPrinter
    await this.run('the register starting up', () => this.ecr.start())
  }

  /**
   * Service staff change the register's settings and restart it, as its settings are read at start-up:
   * an orderly stop (links closed), a new register from the same database, started again.
   */
  async restartRegisterWith(settings: { silenceTimeoutMs?: number; socketMode?: SocketMode }): Promise<void> {
    await this.ecr.stop()
    this.registerSettings = { ...this.registerSettings, ...settings }
    const printers = { printer: this.ecr.printer.state, journalPrinter: this.ecr.journalPrinter.state }
    this.ecr = this.buildEcr()
    this.ecr.printer.state = printers.printer
    this.ecr.journalPrinter.state = printers.journalPrinter
    await this.run('the register starting up with its new settings', () => this.ecr.start())
  }

  async start(): Promise<void> {
    await this.terminal.start()
    // The register may talk to the terminal on start-up (Login, recovery): that conversation runs on virtual time too.
    await this.run('the register starting up', () => this.ecr.start())
  }

  async stop(): Promise<void> {
    await this.ecr.stop()
    for (const stop of this.otherRegisters.splice(0)) await stop()
    await this.terminal.stop()
    await this.wires.release?.()
  }

  /** What the register's database file holds as in flight, read as a fresh process would. */
  inFlightOnDisk(): JournalEntry[] {
    return inFlightInFile(this.store.path)
  }

  /** Deletes the register's database; after the evidence has been read from it. */
  dispose(): void {
    this.store.close()
    rmSync(this.storeDir, { recursive: true, force: true })
  }

  /** Runs virtual time until `work` is done; a conversation that would take minutes takes milliseconds. */
  run<T>(what: string, work: () => Promise<T>): Promise<T> {
    return driveUntilSettled(this.clock, work(), { what, settleIo: this.wires.settleIo })
  }

  /** The register's cable, pulled earlier, is back in. */
  untilLinkIsBack(): Promise<void> {
    return this.run('the link coming back', async () => { while (this.terminal.cableOut) await sleep(this.clock, 10_000) })
  }

  /** The terminal shows "please wait" once card and PIN are done and the host is deciding. */
  async untilTerminalAuthorises(): Promise<void> {
    const authorising = () => this.terminal.state === 'authorising' && this.terminal.face.screen.prompt === 'wait'
    while (!authorising()) await sleep(this.clock, 100)
  }

  /** Lets virtual time pass with nobody acting. */
  wait(durationMs: number): Promise<void> {
    return driveFor(this.clock, durationMs, this.wires.settleIo)
  }
}
