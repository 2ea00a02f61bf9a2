// The registers the fault matrix drives: the project's own integration code wherever it has one for the
// conversation, each with its own store and its own recovery. The matrix reads what each one recorded
// back from that record (the SQLite file, the bench's printed results), never from the object in memory.
import { join } from 'node:path'
import { sleep } from '../../src/clock/clock'
import type { VirtualClock } from '../../src/clock/virtual-clock'
import { AttendedEcr, DEFAULT_MAX_AMOUNT } from '../../src/ecr/attended-ecr'
import { DeviceRequestDispatcher } from '../../src/ecr/device-request-dispatcher'
import { OpiClient, ResultUnknown, TerminalUnreachable } from '../../src/ecr/opi-client'
import { MachineController } from '../../src/ecr/machine/machine-controller'
import { ScriptedMachineCustomers } from '../../src/ecr/machine/scripted-customer'
import { SqliteSessionStore } from '../../src/ecr/machine/sqlite-session-store'
import { SimulatedMeteredDevice } from '../../src/ecr/machine/simulated-devices'
import { IN_FLIGHT_RESULTS } from '../../src/ecr/peripherals/journal'
import { SqliteRegisterStore } from '../../src/ecr/peripherals/sqlite-journal'
import { benchPeripherals } from '../../src/cli/bench-peripherals'
import { buildRequest, type EcrCommand } from '../../src/cli/ecr-requests'
import { notSentResult, resultOf, unknownResult, type EcrResult } from '../../src/cli/ecr-result'
import type { Transport, Endpoint } from '../../src/link/transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import { money, parseDecimal, type Money } from '../../src/opi/money'
import { MACHINE_DEFAULTS } from '../../support/unattended-rig'

/** One money movement as a register recorded it, in the matrix's common terms. */
export interface RecordedLine {
  requestId: string
  kind: 'payment' | 'refund' | 'reservation' | 'completion'
  amount: Money
  result: 'approved' | 'not approved' | 'unknown'
}

/** What every register in the matrix offers: run its part of the conversation, then show its record. */
export interface MatrixRegister {
  start(): Promise<void>
  converse(): Promise<void>
  stop(): Promise<void>
  /** Read from the register's persisted record, after stop. */
  recorded(): RecordedLine[]
  /** What its delivery point's own meter delivered, for a register that drives one. */
  metered?(): number
}

export interface Wires {
  transport: Transport
  clock: VirtualClock
  terminal: Endpoint
  devices: Endpoint
}

/** How long a register waits for a final answer: longer than the terminal's longest cardholder timeout. */
const RESPONSE_TIMEOUT_MS = 330_000
/** The cashier presses "check last transaction" this often before giving up and calling it unknown. */
const CASHIER_CHECKS = 10

/**
 * Payment: the reference ECR with its SQLite store in a file and its own automatic recovery. When that
 * recovery gives up (the terminal is still restarting) the cashier does what the screen tells them:
 * "check last transaction", which runs the ECR's recovery again.
 */
export class ReferenceEcrPayment implements MatrixRegister {
  private readonly store: SqliteRegisterStore
  private readonly ecr: AttendedEcr

  constructor(wires: Wires, private readonly dir: string, private readonly amount: Money) {
    this.store = new SqliteRegisterStore(this.path)
    this.ecr = new AttendedEcr({
      transport: wires.transport, terminal: wires.terminal, deviceListener: wires.devices, format: DEFAULT_WIRE_FORMAT,
      workstationId: 'LANE-1', languageCode: 'en', applicationSender: 'fault matrix', responseTimeoutMs: RESPONSE_TIMEOUT_MS, maxAmount: DEFAULT_MAX_AMOUNT,
    }, { clock: wires.clock, journal: this.store, counters: this.store })
  }

  private get path(): string {
    return join(this.dir, 'register.db')
  }

  start(): Promise<void> {
    return this.ecr.start()
  }

  async converse(): Promise<void> {
    this.ecr.openSale(this.amount)
    await this.ecr.payByCard()
    await this.ecr.whenRecoveryEnds()
    for (let check = 0; check < CASHIER_CHECKS && this.ecr.journal.inFlight().length > 0; check++) await this.ecr.checkLastTransaction()
  }

  async stop(): Promise<void> {
    await this.ecr.stop()
    this.store.close()
  }

  recorded(): RecordedLine[] {
    const reader = new SqliteRegisterStore(this.path)
    try {
      return reader.entries().filter((e) => e.requestType === 'CardPayment').map((e) => ({
        requestId: e.requestId, kind: 'payment', amount: e.amount!,
        result: IN_FLIGHT_RESULTS.includes(e.result) ? 'unknown' : e.result === 'approved' ? 'approved' : 'not approved',
      }))
    } finally {
      reader.close()
    }
  }
}

/** Statuses after which a tester runs `repeat-last --lost` (again): the bench could not say what happened. */
const ASK_AGAIN = ['result unknown', 'not sent', 'terminal busy']
/** The terminal owes the last ticket: the tester runs `reprint`, then asks again. */
const PRINT_FIRST = 'last ticket must be reprinted first'
const undecided = (result: EcrResult) => ASK_AGAIN.includes(result.status) || result.status === PRINT_FIRST
/** How often the tester runs repeat-last before writing the refund down as unknown. */
const TESTER_ATTEMPTS = 30
/** The tester waits this long between two commands: the terminal needs a moment after a restart. */
const TESTER_PAUSE_MS = 10_000

/**
 * Refund: the bench register (src/cli/ecr.ts), the project's only refund code. Its command line runs
 * one command per process over TCP on the system clock, so the matrix runs its parts in-process on
 * the memory link and virtual time: the bench's own request building (`buildRequest`), its own device
 * handling (`benchPeripherals`) and its own reading of answers, including the `--lost` check that a
 * repeated answer names the lost request (`resultOf`). The tester's part is what the bench's exit
 * code 4 tells them: run `repeat-last --lost <id>` until it says something definite. The bench keeps
 * no journal: the tester's record is the JSON results it printed, and that is what the matrix reads.
 */
export class BenchRefund implements MatrixRegister {
  /** The bench's final results, as printed on stdout, one per command. */
  private readonly printed: string[] = []
  private readonly client: OpiClient
  private readonly dispatcher: DeviceRequestDispatcher
  private sequence = 200

  constructor(private readonly wires: Wires, private readonly amount: Money) {
    this.dispatcher = new DeviceRequestDispatcher(benchPeripherals(wires.clock, () => undefined, true))
    this.client = new OpiClient({
      transport: wires.transport, clock: wires.clock, terminal: wires.terminal, deviceListener: wires.devices, format: DEFAULT_WIRE_FORMAT, responseTimeoutMs: RESPONSE_TIMEOUT_MS,
    }, (request) => this.dispatcher.handle(request))
  }

  start(): Promise<void> {
    return this.client.start()
  }

  async converse(): Promise<void> {
    const refund = await this.run({ name: 'refund', amount: this.amount })
    let settled = refund
    for (let attempt = 0; attempt < TESTER_ATTEMPTS && undecided(settled); attempt++) {
      await sleep(this.wires.clock, TESTER_PAUSE_MS)
      if (settled.status === PRINT_FIRST) await this.run({ name: 'reprint' })
      settled = await this.run({ name: 'repeat-last', lost: refund.requestId })
    }
  }

  /** One bench command as `runEcr` sends it: a fresh RequestID, the answer read the bench's way. */
  private async run(command: EcrCommand): Promise<EcrResult> {
    const request = buildRequest(command, { requestId: String(++this.sequence), workstationId: 'BENCH-1', atMs: this.wires.clock.now(), languageCode: 'en', applicationSender: 'CCV bench ECR' })
    this.dispatcher.currentRequestId = request.requestId
    let result: EcrResult
    try {
      result = resultOf(command, request, await this.client.request(request))
    } catch (error) {
      if (error instanceof TerminalUnreachable) result = notSentResult(command, request, error.message)
      else if (error instanceof ResultUnknown) result = unknownResult(command, request, error.message)
      else throw error
    }
    this.printed.push(JSON.stringify(result))
    return result
  }

  stop(): Promise<void> {
    return this.client.stop()
  }

  /** The refund and the tester's conclusion from the last repeat-last that named it (or the refund's own answer). */
  recorded(): RecordedLine[] {
    const results = this.printed.map((text) => JSON.parse(text) as EcrResult)
    const refund = results.find((r) => r.command === 'refund')
    if (!refund) return []
    const last = results.filter((r) => r.command === 'refund' || r.command === 'repeat-last').at(-1)!
    const result = undecided(last) ? 'unknown' : last.succeeded ? 'approved' : 'not approved'
    const amount = last.succeeded && last.amount ? parseDecimal(last.amount, last.currency) : parseDecimal(refund.amount!, refund.currency)
    return [{ requestId: refund.requestId, kind: 'refund', amount, result }]
  }
}

/**
 * Pre-authorisation and completion: the reference machine controller (src/ecr/machine/) at a charger,
 * with its journal and counters in a SQLite file. One cardholder chooses charger 1; the car draws for a
 * minute; the machine completes for what the charger's own meter says was delivered.
 */
export class MachineReservation implements MatrixRegister {
  private readonly store: SqliteRegisterStore
  private readonly sessions: SqliteSessionStore
  private readonly machine: MachineController
  private readonly charger: SimulatedMeteredDevice
  private readonly customers: ScriptedMachineCustomers

  constructor(wires: Wires, private readonly dir: string, reservation: Money, private readonly perMinute: Money) {
    this.store = new SqliteRegisterStore(this.path)
    this.sessions = new SqliteSessionStore(this.sessionsPath)
    this.charger = new SimulatedMeteredDevice('1', 'charger', wires.clock)
    this.machine = new MachineController({
      ...MACHINE_DEFAULTS, reservation, transport: wires.transport, terminal: wires.terminal, deviceListener: wires.devices, format: DEFAULT_WIRE_FORMAT,
    }, { clock: wires.clock, journal: this.store, counters: this.store, deliveryPoints: [this.charger], sessionStore: this.sessions })
    this.customers = new ScriptedMachineCustomers(this.machine.panel, wires.clock, 1000)
  }

  private get path(): string {
    return join(this.dir, 'machine.db')
  }

  private get sessionsPath(): string {
    return join(this.dir, 'sessions.db')
  }

  start(): Promise<void> {
    return this.machine.start()
  }

  async converse(): Promise<void> {
    this.customers.arrives({ entries: ['1'] })
    this.charger.willBeUsed({ startsAfterMs: 60_000, stopsAfterMs: 60_000, valuePerMinute: this.perMinute })
    await this.machine.serveCustomer()
    await this.machine.quiet()
  }

  async stop(): Promise<void> {
    await this.machine.stop()
    this.store.close()
    this.sessions.close()
  }

  /** What the charger's own meter says it delivered: the amount a completion must capture. */
  metered(): number {
    return this.charger.runs.reduce((s, r) => s + r.delivered.minor, 0)
  }

  recorded(): RecordedLine[] {
    const reader = new SqliteRegisterStore(this.path)
    const sessions = new SqliteSessionStore(this.sessionsPath)
    try {
      const kinds: Record<string, RecordedLine['kind']> = { CardPreAuthorisation: 'reservation', CardFinancialAdvice: 'completion' }
      const journal = reader.entries().filter((e) => kinds[e.requestType]).map((e): RecordedLine => ({
        requestId: e.requestId, kind: kinds[e.requestType], amount: e.amount!,
        result: IN_FLIGHT_RESULTS.includes(e.result) ? 'unknown' : e.result === 'approved' ? 'approved' : 'not approved',
      }))
      // A session the machine's own store still holds as open is one it has not settled.
      const unsettled = sessions.open().map((stored): RecordedLine => ({
        requestId: stored.awaitingRequestId ?? stored.authRequestId ?? `session ${stored.id}`, kind: 'reservation', amount: stored.approved ?? stored.requested ?? money(0), result: 'unknown',
      }))
      return [...journal, ...unsettled]
    } finally {
      reader.close()
      sessions.close()
    }
  }
}
