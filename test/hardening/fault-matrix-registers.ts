// The registers the fault matrix drives: the project's own integration code wherever it has one for the
// conversation, each with its own store and its own recovery. The matrix reads what each one recorded
// back from that record (the SQLite file, the bench's printed results), never from the object in memory.
import { join } from 'node:path'
import { isoTimestamp, sleep } from '../../src/clock/clock'
import type { VirtualClock } from '../../src/clock/virtual-clock'
import { AttendedEcr, DEFAULT_MAX_AMOUNT } from '../../src/ecr/attended-ecr'
import { DeviceRequestDispatcher } from '../../src/ecr/device-request-dispatcher'
import { OpiClient, ResultUnknown, TerminalUnreachable } from '../../src/ecr/opi-client'
import { IN_FLIGHT_RESULTS } from '../../src/ecr/peripherals/journal'
import { SqliteRegisterStore } from '../../src/ecr/peripherals/sqlite-journal'
import { benchPeripherals } from '../../src/cli/bench-peripherals'
import { buildRequest, type EcrCommand } from '../../src/cli/ecr-requests'
import { notSentResult, resultOf, unknownResult, type EcrResult } from '../../src/cli/ecr-result'
import type { Transport, Endpoint } from '../../src/link/transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import type { CardServiceRequest, CardServiceRequestType, CardServiceResponse, DeviceResponse } from '../../src/opi/messages'
import { parseDecimal, type Money } from '../../src/opi/money'

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

const COMPLETION_RETRIES = 3

/**
 * Pre-authorisation and completion, register side written for the test: a stand-in until the machine
 * controller (src/ecr/machine/) recovers its sessions by itself. It sends one request at a time and,
 * when an answer is lost, asks RepeatLastMessage until the terminal answers, trusting the answer only
 * when its OriginalHeader names the lost request. It never sends a money request twice.
 */
export class TestSideReservation implements MatrixRegister {
  private readonly lines: (RecordedLine & { stan?: string; approvalCode?: string })[] = []
  private readonly client: OpiClient
  private id = 100

  constructor(private readonly wires: Wires, private readonly reservation: Money, private readonly delivered: Money) {
    this.client = new OpiClient({
      transport: wires.transport, clock: wires.clock, terminal: wires.terminal, deviceListener: wires.devices, format: DEFAULT_WIRE_FORMAT, responseTimeoutMs: RESPONSE_TIMEOUT_MS,
    }, (request) => Promise.resolve<DeviceResponse>({
      kind: 'DeviceResponse', requestType: request.requestType, requestId: request.requestId, workstationId: request.workstationId, overallResult: 'Success',
      outputs: request.outputs.map((o) => ({ target: o.target, outResult: 'Success' })),
      input: request.input && { target: request.input.target, inResult: 'Success', value: { boolean: true } },
    }))
  }

  start(): Promise<void> {
    return this.client.start()
  }

  stop(): Promise<void> {
    return this.client.stop()
  }

  recorded(): RecordedLine[] {
    return this.lines.map(({ requestId, kind, amount, result }) => ({ requestId, kind, amount, result }))
  }

  async converse(): Promise<void> {
    const reserved = await this.perform('CardPreAuthorisation', this.reservation)
    if (reserved.result !== 'approved') return
    const original = { originalTransaction: { stan: reserved.stan, approvalCode: reserved.approvalCode } }
    // A completion the terminal never ran is still owed: the reservation must not stay open on the card.
    // Sending it again cannot charge twice: the host captures a reservation once.
    let completion = await this.perform('CardFinancialAdvice', this.delivered, original)
    for (let again = 0; again < COMPLETION_RETRIES && completion.result === 'not approved'; again++) completion = await this.perform('CardFinancialAdvice', this.delivered, original)
  }

  private async perform(requestType: 'CardPreAuthorisation' | 'CardFinancialAdvice', amount: Money, extra: Partial<CardServiceRequest> = {}) {
    const line: (typeof this.lines)[number] = { requestId: String(++this.id), kind: requestType === 'CardPreAuthorisation' ? 'reservation' : 'completion', amount, result: 'unknown' }
    this.lines.push(line)
    try {
      settle(line, await this.client.request(this.request(line.requestId, requestType, amount, extra)))
    } catch {
      await this.recover(line)
    }
    return line
  }

  private async recover(line: (typeof this.lines)[number]): Promise<void> {
    for (let attempt = 0; attempt < TESTER_ATTEMPTS && line.result === 'unknown'; attempt++) {
      await sleep(this.wires.clock, TESTER_PAUSE_MS)
      let repeated: CardServiceResponse
      try {
        repeated = await this.client.request(this.request(String(++this.id), 'RepeatLastMessage'))
      } catch {
        continue
      }
      const header = repeated.originalHeader
      if (repeated.overallResult === 'DeviceUnavailable' || repeated.overallResult === 'Busy') continue
      if (!header) { line.result = 'not approved'; return } // nothing ran since the terminal started
      if (header.requestId !== line.requestId) { line.result = 'not approved'; return } // its last is an older one of ours
      if (repeated.overallResult === 'PrintLastTicket') {
        await this.client.request(this.request(String(++this.id), 'TicketReprint')).catch(() => undefined)
        continue
      }
      settle(line, repeated)
    }
  }

  private request(requestId: string, requestType: CardServiceRequestType, amount?: Money, extra: Partial<CardServiceRequest> = {}): CardServiceRequest {
    return {
      kind: 'CardServiceRequest', requestType, requestId, workstationId: 'LANE-1',
      posData: { posTimeStamp: isoTimestamp(this.wires.clock.now()), languageCode: 'en', printerStatus: 'Available' }, totalAmount: amount, ...extra,
    }
  }
}

function settle(line: RecordedLine & { stan?: string; approvalCode?: string }, answer: CardServiceResponse): void {
  line.result = answer.overallResult === 'Success' ? 'approved' : 'not approved'
  line.stan = answer.terminal?.stan
  line.approvalCode = answer.tender?.authorisation?.approvalCode
  if (answer.overallResult === 'Success' && answer.tender?.totalAmount) line.amount = answer.tender.totalAmount
}
