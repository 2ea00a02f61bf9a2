// The fault matrix: a payment, a refund and an unattended pre-authorisation with its completion, with the
// link cut, and separately the terminal power-cycled, at every message boundary of the conversation.
// After recovery: nothing charged twice, nothing approved lost, and the register's journal, the host's
// ledger and the next reconciliation agree. On virtual time and the memory link: the whole matrix takes
// well under a second per fault point.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isoTimestamp, sleep } from '../../src/clock/clock'
import { driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { OpiClient } from '../../src/ecr/opi-client'
import { MemoryTransport } from '../../src/link/memory-transport'
import { DEFAULT_WIRE_FORMAT } from '../../src/opi/codec'
import type { CardServiceRequest, CardServiceRequestType, CardServiceResponse, DeviceResponse } from '../../src/opi/messages'
import { money, type Money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import { ScriptedCardholder } from '../../src/terminal/scripted-cardholder'
import { SimulatedTerminal } from '../../src/terminal/simulated-terminal'
import { UNATTENDED_TERMINAL_SETTINGS } from '../../src/terminal/unattended/unattended-profile'

type Fault = 'link cut' | 'power cycle'
type Conversation = 'payment' | 'refund' | 'pre-authorisation and completion'

/** One line of the register's journal: what it asked and the outcome it settled on. */
interface JournalLine {
  requestId: string
  requestType: CardServiceRequestType
  amount: Money
  result: 'approved' | 'not approved' | 'unknown'
  stan?: string
  approvalCode?: string
}

/**
 * The register side of the matrix: sends one request at a time, and when the answer is lost asks
 * RepeatLastMessage until the terminal answers, trusting the answer only when its OriginalHeader names
 * the lost request. It never sends a money request twice.
 */
class RecoveringRegister {
  readonly journal: JournalLine[] = []
  private id = 100

  constructor(private readonly client: OpiClient, private readonly clock: VirtualClock, private readonly cardholderReady: () => void) {}

  async perform(requestType: CardServiceRequestType, amount: Money, extra: Partial<CardServiceRequest> = {}): Promise<JournalLine> {
    const line: JournalLine = { requestId: String(++this.id), requestType, amount, result: 'unknown' }
    this.journal.push(line)
    if (requestType !== 'CardFinancialAdvice') this.cardholderReady()
    try {
      settle(line, await this.client.request(this.request(line.requestId, requestType, amount, extra)))
    } catch {
      await this.recover(line)
    }
    return line
  }

  private async recover(line: JournalLine): Promise<void> {
    for (let attempt = 0; attempt < 30 && line.result === 'unknown'; attempt++) {
      await sleep(this.clock, 10_000)
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
      posData: { posTimeStamp: isoTimestamp(this.clock.now()), languageCode: 'en', printerStatus: 'Available' }, totalAmount: amount, ...extra,
    }
  }
}

function settle(line: JournalLine, answer: CardServiceResponse): void {
  line.result = answer.overallResult === 'Success' ? 'approved' : 'not approved'
  line.stan = answer.terminal?.stan
  line.approvalCode = answer.tender?.authorisation?.approvalCode
  if (answer.overallResult === 'Success' && answer.tender?.totalAmount) line.amount = answer.tender.totalAmount
}

async function rig(conversation: Conversation) {
  const clock = new VirtualClock()
  const transport = new MemoryTransport(clock)
  const at = { host: 'terminal', port: 4100 }
  const devices = { host: 'ecr', port: 4102 }
  const unattended = conversation === 'pre-authorisation and completion'
  const terminal = new SimulatedTerminal({
    transport, clock, channel0: at, ecrDevices: devices, format: DEFAULT_WIRE_FORMAT, seed: 11, settings: unattended ? UNATTENDED_TERMINAL_SETTINGS : {},
  })
  await terminal.start()
  const cardholder = new ScriptedCardholder(terminal.face, clock)
  const client = new OpiClient({ transport, clock, terminal: at, deviceListener: devices, format: DEFAULT_WIRE_FORMAT, responseTimeoutMs: 330_000 }, (request) =>
    Promise.resolve<DeviceResponse>({
      kind: 'DeviceResponse', requestType: request.requestType, requestId: request.requestId, workstationId: request.workstationId, overallResult: 'Success',
      outputs: request.outputs.map((o) => ({ target: o.target, outResult: 'Success' })),
      input: request.input && { target: request.input.target, inResult: 'Success', value: { boolean: true } },
    }))
  await client.start()
  const register = new RecoveringRegister(client, clock, () => cardholder.willPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 1000 }))
  return { clock, terminal, client, register }
}

/** The conversation under test, as the register runs it. */
async function converse(conversation: Conversation, register: RecoveringRegister): Promise<void> {
  if (conversation === 'payment') await register.perform('CardPayment', money(1000))
  else if (conversation === 'refund') await register.perform('PaymentRefund', money(750))
  else {
    const reserved = await register.perform('CardPreAuthorisation', money(5000))
    if (reserved.result === 'approved') await register.perform('CardFinancialAdvice', money(1234), { originalTransaction: { stan: reserved.stan, approvalCode: reserved.approvalCode } })
  }
}

interface Run {
  messages: number
  journal: JournalLine[]
  taken: number
  refunded: number
  captured: number
  payments: number
  reconciled: { debit: number; credit: number }
}

/** Runs the conversation, with `fault` after the `at`-th message crossed the terminal's cable (none when at is 0). */
async function runWith(conversation: Conversation, fault?: { kind: Fault; at: number }): Promise<Run> {
  const { clock, terminal, client, register } = await rig(conversation)
  let messages = 0
  let conversing = true
  let cycling: Promise<void> | undefined
  terminal.cable.onTraffic((traffic) => {
    if (!conversing || !traffic.bytes || traffic.event !== 'out' && traffic.event !== 'in') return
    ++messages
    if (messages !== fault?.at) return
    // At once, in the same tick as the message: nothing else can happen between the message and the fault.
    if (fault.kind === 'link cut') terminal.dropLinks()
    else cycling = terminal.powerCycle()
  })
  await driveUntilSettled(clock, converse(conversation, register), { what: `${conversation} with ${fault?.kind ?? 'no fault'} at ${fault?.at ?? '-'}` })
  conversing = false
  // A power cycle at the last boundary may still be under way: the terminal is back before anyone reconciles.
  await driveUntilSettled(clock, cycling ?? Promise.resolve(), { what: 'the terminal restarting' })
  const counted = messages
  const reconciliation = await driveUntilSettled(clock, client.request({
    kind: 'ServiceRequest', requestType: 'Reconciliation', requestId: '999', workstationId: 'LANE-1', posData: { posTimeStamp: isoTimestamp(clock.now()), printerStatus: 'Unavailable' },
  }), { what: 'the next reconciliation' }).catch((error: Error) => { throw new Error(`${fault?.kind ?? 'no fault'} at ${fault?.at ?? '-'}: ${error.message}`) })
  await client.stop()
  await terminal.stop()
  const totals = reconciliation.reconciliation?.totals ?? []
  const sum = (type: string) => totals.filter((t) => t.paymentType === type).reduce((s, t) => s + t.amount.minor, 0)
  const host = terminal.host
  return {
    messages: counted,
    journal: register.journal,
    taken: host.approvedTotal(),
    refunded: host.refundedTotal(),
    captured: host.reservations.reduce((s, r) => s + (r.captured?.minor ?? 0), 0),
    payments: host.ledger.filter((e) => e.decision.approved && !e.reversed).length,
    reconciled: { debit: sum('Debit'), credit: sum('Credit') },
  }
}

/** What the journal says moved, by kind. */
function journalled(journal: JournalLine[]) {
  const approved = (type: CardServiceRequestType) => journal.filter((l) => l.requestType === type && l.result === 'approved').reduce((s, l) => s + l.amount.minor, 0)
  return { taken: approved('CardPayment'), refunded: approved('PaymentRefund'), captured: approved('CardFinancialAdvice') }
}

describe('fault matrix: link cuts and power cycles at every message boundary', () => {
  const conversations: Conversation[] = ['payment', 'refund', 'pre-authorisation and completion']
  let points = 0
  const outcomes: Record<string, number> = {}
  for (const conversation of conversations) {
    it(`${conversation}: nothing charged twice, nothing approved lost, journal = host ledger = next reconciliation`, async () => {
      const clean = await runWith(conversation)
      assert.ok(clean.messages > 4, `the fault-free ${conversation} has ${clean.messages} messages`)
      assert.ok(clean.journal.every((l) => l.result === 'approved'), JSON.stringify(clean.journal))
      const failures: string[] = []
      for (const kind of ['link cut', 'power cycle'] as Fault[]) {
        for (let at = 1; at <= clean.messages; at++) {
          points++
          const run = await runWith(conversation, { kind, at })
          outcomes[run.journal.map((l) => l.result).join('+')] = (outcomes[run.journal.map((l) => l.result).join('+')] ?? 0) + 1
          const inJournal = journalled(run.journal)
          const facts = {
            unknown: run.journal.filter((l) => l.result === 'unknown').length,
            chargedAtMostOnce: run.payments <= (conversation === 'pre-authorisation and completion' ? 0 : 1),
            journal: inJournal,
            host: { taken: run.taken, refunded: run.refunded, captured: run.captured },
          }
          const expected = { unknown: 0, chargedAtMostOnce: true, journal: facts.host, host: facts.host }
          if (JSON.stringify(facts) !== JSON.stringify(expected)) failures.push(`${kind} after message ${at}: ${JSON.stringify(facts)}`)
          const reconciledAs = conversation === 'refund' ? { debit: 0, credit: inJournal.refunded } : { debit: inJournal.taken, credit: 0 }
          if (conversation !== 'pre-authorisation and completion' && JSON.stringify(run.reconciled) !== JSON.stringify(reconciledAs)) {
            failures.push(`${kind} after message ${at}: reconciliation ${JSON.stringify(run.reconciled)} but journal ${JSON.stringify(reconciledAs)}`)
          }
        }
      }
      assert.deepEqual(failures, [], `${failures.length} of ${clean.messages * 2} fault points broke an invariant`)
    })
  }
  it('counts its fault points', () => {
    // Printed for the closing note: every boundary of each conversation, once per fault kind.
    process.stdout.write(`# fault matrix: ${points} fault points; outcomes after recovery: ${JSON.stringify(outcomes)}\n`)
    assert.ok(points > 0)
  })
})
