import { sleep, type Clock } from '../clock/clock'
import { cashierMessage, journalResultOf, outcomeOf, type PaymentOutcome, type PaymentStatus } from '../ecr/payment-outcome'
import type { DisplayedMessage } from '../ecr/peripherals/cashier-display'
import type { JournalEntry } from '../ecr/peripherals/journal'
import { describeMoney, money, parseDecimal, type Money } from '../opi/money'
import { CaseNotRun } from '../operator/not-run'
import type { JournalLineSeen, PosAct, PosReading, PosStateSeen, TicketSeen } from '../operator/pos-prompts'
import type { ManualStep, OperatorPrompt, PromptDesk, PromptKind } from '../operator/prompts'
import { amountMessage } from './contract-mapping'
import type { PrinterConditionMessage, PrinterName } from './driver-contract'
import type { ActionResult, IntegrationUnderTest, Printout, RegisterState } from './integration-under-test'
import { linesText, messagesText, parseJournal, parseLines, parseMessages, parseState, parseTickets, statusShown, journalText, stateText, ticketsText } from './pos-testimony'
import { TerminalSideView, type TerminalSideFeed, type WireRequest } from './terminal-side-view'

export interface PersonOperatedOptions {
  /** The POS under test as the tester declared it ("Kassa 3.2 by ACME"), named in the report. */
  pos: string
  /** The conversation as the terminal side saw it: the recording witness between POS and terminal. */
  terminalSide: TerminalSideFeed
  /** Wall clock on the bench; prompts and waits are timed on it. */
  clock: Clock
  /** How long a request the POS sent may wait for the terminal's answer before the tester is asked without an expected value. */
  answerWithinMs?: number
}

/**
 * An integration whose cashier can be asked to press Abort at a moment the terminal shows, rather than
 * at a moment the rig picks: a person cannot be prompted ten times within two seconds, but can be told to
 * hammer the key once the terminal asks for the card. The World uses it when the adapter offers it.
 */
export interface PressesAbortAtTerminalMoments {
  pressAbortWhenTerminalShows(moment: RegExp, presses?: number): Promise<void>
}

export function pressesAbortAtTerminalMoments(integration: IntegrationUnderTest): integration is IntegrationUnderTest & PressesAbortAtTerminalMoments {
  return typeof (integration as Partial<PressesAbortAtTerminalMoments>).pressAbortWhenTerminalShows === 'function'
}

/** What the POS concluded about one request, as the tester confirmed it: for the journal's expected entries. */
interface Concluded {
  request?: WireRequest
  requestType: string
  amount: Money
  status: PaymentStatus
  atMs: number
  /** The approval code the terminal gave this request: the tester is asked to find it in the POS's journal. */
  approvalCode?: string
}

/** The statuses whose second line on the POS is the reason (the others show the amount there). */
const REASON_ON_SECOND_LINE: readonly PaymentStatus[] = ['declined', 'refused by terminal', 'refused by register', 'blocked']
const DEFAULT_ANSWER_WITHIN_MS = 10 * 60_000

/**
 * A POS operated by a person following prompts (manual mode). Every action of the port becomes a prompt
 * in the cashier's words; every reading becomes a prompt to look at the POS and confirm what the suite
 * expects there, or to say what it showed instead. The terminal side of the conversation says when to
 * ask (a conclusion once the terminal has answered, the Abort key when the terminal shows the moment)
 * and what to expect; the tester's answer is the reading. An action the tester does not carry out, and
 * a reading they cannot make, end the case as not run.
 */
export class PersonOperatedIntegration implements IntegrationUnderTest, PressesAbortAtTerminalMoments {
  readonly description: string
  private readonly wire: TerminalSideView
  private readonly shown: DisplayedMessage[] = []
  private readonly concluded: Concluded[] = []
  private bill?: { total: Money; paid: number }
  /** Abort presses waiting for their moment, given up when a payment concludes first. */
  private readonly abortWatchers = new Set<() => void>()
  /** Readings asked since the last action, by their question: a Then that reads twice asks once. */
  private readonly cache = new Map<string, Promise<unknown>>()
  /** Nothing but "get ready" yet: the POS is as the tester confirmed it, idle, and has done nothing in this case. */
  private acted = false

  constructor(private readonly desk: PromptDesk, private readonly options: PersonOperatedOptions) {
    this.description = `${options.pos} (operated by the tester following prompts)`
    this.wire = new TerminalSideView(options.terminalSide, options.clock)
  }

  /** Every manual step so far, for the report. */
  get steps(): readonly ManualStep[] {
    return this.desk.steps
  }

  async start(): Promise<void> {
    await this.act('POS action', 'Make sure your POS is running, connected to the terminal, with no sale open and nothing on its display but its idle screen.', { act: 'get ready' })
  }

  stop(): Promise<void> {
    this.wire.stop()
    return Promise.resolve()
  }

  async openSale(total: Money): Promise<void> {
    await this.act('POS action', `Ring up a bill of ${describeMoney(total)} on your POS, but do not take payment yet.`, { act: 'open sale', total })
    this.bill = { total, paid: 0 }
  }

  async payByCard(amount: Money, options: { part?: boolean } = {}): Promise<PaymentOutcome> {
    const part = options.part ?? false
    const mark = this.wire.mark()
    await this.act('POS action', part
      ? `Pay ${describeMoney(amount)} of the open bill on your POS by card: enter ${typed(amount)} as the part to pay and choose card.`
      : `Ring up ${typed(amount)} ${amount.currency} on your POS as a new sale and choose card.`, { act: 'pay by card', amount, part })
    if (!part) this.bill = undefined
    const outcome = await this.conclusion(`the card payment of ${describeMoney(amount)}`, mark, ['CardPayment'], amount)
    if (part && this.bill && outcome.status === 'approved') this.bill.paid += outcome.amount.minor
    return outcome
  }

  async refund(amount: Money): Promise<PaymentOutcome> {
    const mark = this.wire.mark()
    await this.act('POS action', `Start a card refund of ${describeMoney(amount)} on your POS.`, { act: 'refund', amount })
    return this.conclusion(`the refund of ${describeMoney(amount)}`, mark, ['PaymentRefund'], amount)
  }

  async reverse(stan?: string): Promise<PaymentOutcome> {
    const mark = this.wire.mark()
    await this.act('POS action', stan ? `Void (reverse) the card payment with trace number ${stan} on your POS.` : 'Void (reverse) the last approved card payment on your POS.', { act: 'reverse', stan })
    return this.conclusion(stan ? `the reversal of ${stan}` : 'the reversal of the last payment', mark, ['PaymentReversal'])
  }

  async pressAbort(): Promise<void> {
    await this.act('POS abort', 'Press your POS\'s abort (cancel) key now, once.', { act: 'press abort', presses: 1 })
  }

  /**
   * The cashier presses Abort `presses` times at the moment the terminal shows `moment` to the cashier:
   * the prompt comes when the terminal's message passes the witness, not after a guessed time.
   * Resolves once the tester has pressed, or without a prompt when a payment concludes before the
   * moment came; rejects with CaseNotRun if the tester could not press.
   */
  pressAbortWhenTerminalShows(moment: RegExp, presses = 1): Promise<void> {
    return new Promise((resolve, reject) => {
      // A payment that concludes before the terminal showed the moment leaves nothing to press: no prompt.
      const stop = () => { stopWatching(); this.abortWatchers.delete(giveUp) }
      const giveUp = () => { stop(); resolve() }
      this.abortWatchers.add(giveUp)
      const stopWatching = this.wire.onCashierMessage((lines) => {
        if (!moment.test(lines[0] ?? '')) return
        stop()
        const how = presses === 1 ? 'once' : `${presses} times, as fast as you can (within about ${Math.ceil(presses * 0.2)} s)`
        this.act('POS abort', `Your POS shows "${linesText(lines)}" from the terminal: press your POS's abort (cancel) key now, ${how}.`, { act: 'press abort', presses })
          .then(resolve, reject)
      })
    })
  }

  async closePeriod(): Promise<ActionResult> {
    await this.act('POS action', 'Close the period (end of day) on your POS.', { act: 'close period' })
    return this.actionResult('the period closing')
  }

  async reprintLastTicket(): Promise<ActionResult> {
    await this.act('POS action', 'Ask your POS to reprint the last ticket.', { act: 'reprint' })
    return this.actionResult('the reprint')
  }

  async checkLastTransaction(): Promise<PaymentOutcome | undefined> {
    await this.act('POS action', 'Use your POS\'s "check last transaction" (recovery) function.', { act: 'check last transaction' })
    return this.recovered('the check of the last transaction')
  }

  /**
   * A power loss in two prompts: off, then (after `offForMs` on the bench's clock) on again, so the
   * moment the power comes back (`onPowerBack`, the evidence's turning point) falls between them.
   */
  async restart(options: { offForMs?: number; onPowerBack?: () => void | Promise<void> } = {}): Promise<PaymentOutcome | undefined> {
    await this.act('POS power', 'Switch your POS off as in a power loss: pull its mains plug (or kill its program), now, whatever it is doing.', { act: 'switch off' })
    if (options.offForMs) await sleep(this.options.clock, options.offForMs)
    await options.onPowerBack?.()
    await this.act('POS power', 'Switch your POS on again, and answer once it is ready for a sale.', { act: 'switch on' })
    return this.recovered('the restart')
  }

  async state(): Promise<RegisterState> {
    const expected: PosStateSeen = { paymentRunning: false, saleOpen: this.bill !== undefined && this.bill.paid < this.bill.total.minor, leftToPay: this.leftToPay() }
    if (!this.acted) return expected
    return this.once(`Look at your POS: is it showing "${stateText(expected)}"?`, (instruction) => this.read(instruction, { read: 'state', expected },
      (seen) => seen === undefined ? expected : parseState(seen)))
  }

  async display(): Promise<DisplayedMessage[]> {
    const fromTerminal = this.wire.outputs(['CashierDisplay'])
    const confirmed = fromTerminal.length === 0 ? [] : await this.once(
      `While it ran, did your POS show each message the terminal sent for the cashier, in this order: ${messagesText(fromTerminal.map((o) => o.lines))}?`,
      (instruction) => this.read(instruction, { read: 'terminal messages', expected: fromTerminal.map((o) => o.lines) },
        (seen): DisplayedMessage[] => seen === undefined
          ? fromTerminal.map((o) => ({ atMs: o.atMs, lines: o.lines, source: 'terminal' }))
          : parseMessages(seen).map((lines) => ({ atMs: this.options.clock.now(), lines, source: 'terminal' }))))
    return [...confirmed, ...this.shown].sort((a, b) => a.atMs - b.atMs)
  }

  async printouts(): Promise<Printout[]> {
    if (!this.acted) return []
    const sent = this.wire.tickets()
    const expected: TicketSeen[] = sent.map((t) => ({ printer: t.printer, lines: t.lines }))
    return this.once(`Did your POS print exactly these tickets, in this order: ${ticketsText(expected)}?`, (instruction) => this.read(instruction, { read: 'printouts', expected },
      (seen): Printout[] => seen === undefined
        ? sent.map((t) => ({ atMs: t.atMs, printer: t.printer, lines: t.lines, requestId: t.requestId }))
        : parseTickets(seen).map((t) => ({ atMs: this.options.clock.now(), printer: t.printer, lines: t.lines }))))
  }

  async journal(): Promise<JournalEntry[]> {
    if (!this.acted) return []
    const expected: JournalLineSeen[] = this.concluded.map((c) => ({ requestType: c.requestType, amount: c.amount, result: journalResultOf(c.status), approvalCode: c.approvalCode }))
    return this.once(`Open your POS's journal: does it hold exactly these entries of this case, in this order: ${journalText(expected)}?`, (instruction) => this.read(instruction, { read: 'journal', expected },
      (seen) => (seen === undefined ? expected : parseJournal(seen)).map((line, i) => this.journalEntry(line, this.concluded[i]))))
  }

  async setPrinter(printer: PrinterName, condition: PrinterConditionMessage): Promise<void> {
    await this.act('POS action', printerInstruction(printer, condition), { act: 'set printer', printer, condition })
  }

  /** An action prompt: carried out, or the case does not run. */
  private async act(kind: PromptKind, instruction: string, pos: PosAct): Promise<void> {
    this.cache.clear()
    if (pos.act !== 'get ready') this.acted = true
    const step = await this.desk.ask({ kind, instruction, action: { do: 'on POS', pos } })
    if (step.answer !== 'done') throw notCarriedOut(step)
  }

  /** A reading prompt; `take` turns the confirmation (undefined) or what the tester saw instead into the port's value. */
  private async read<T>(instruction: string, reading: PosReading, take: (seen: string | undefined) => T, options: { withdrawn?: AbortSignal } = {}): Promise<T> {
    const step = await this.desk.ask(readingPrompt(instruction, reading), options)
    if (step.answer !== 'done') throw notCarriedOut(step)
    return take(step.observed)
  }

  /**
   * What the POS concluded about the request it was asked to send. Once the terminal has answered it,
   * the tester is asked to confirm the message the suite expects for that answer. Until the request is
   * on the wire the tester may already see a conclusion (a POS that refuses the amount sends nothing),
   * so they are asked what it showed; that prompt is withdrawn the moment the request appears.
   */
  private async conclusion(of: string, mark: number, types: string[], amount?: Money): Promise<PaymentOutcome> {
    let request = this.wire.requestSince(mark, types)
    if (!request) {
      const sent = new AbortController()
      const stop = this.wire.onRequest(mark, types, () => sent.abort(`the POS sent ${of} to the terminal`))
      try {
        const early = await this.desk.ask(readingPrompt(`Your POS has not sent ${of} to the terminal (yet). What does it show? If it is still working, wait.`, { read: 'conclusion', of }), { withdrawn: sent.signal })
        if (!sent.signal.aborted) return this.concludedAs(of, early, undefined, types[0], amount)
      } finally {
        stop()
      }
      request = this.wire.requestSince(mark, types)!
    }
    const answer = await this.wire.answerTo(request, this.options.answerWithinMs ?? DEFAULT_ANSWER_WITHIN_MS)
    const asked = amount ?? totalOf(request)
    const expected = answer && asked ? cashierMessage(outcomeOf(answer, asked)) : undefined
    const step = await this.desk.ask(readingPrompt(expected
      ? `The terminal answered ${of} with ${answer!.overallResult}. Does your POS show "${linesText(expected)}"?`
      : `The terminal has not answered ${of}. What does your POS show?`, { read: 'conclusion', of, expected }))
    return this.concludedAs(of, step, request, types[0], asked, expected, answer?.overallResult === 'Success' ? answer.tender?.authorisation?.approvalCode : undefined)
  }

  private concludedAs(of: string, step: ManualStep, request: WireRequest | undefined, requestType: string, asked?: Money, expected?: string[], approvalCode?: string): PaymentOutcome {
    if (step.answer !== 'done') throw notCarriedOut(step)
    const lines = step.observed !== undefined ? parseLines(step.observed) : expected
    if (!lines) throw new CaseNotRun(`the tester answered "${step.prompt.instruction}" without saying what the POS showed`)
    const status = statusShown(lines)
    if (!status) throw new Error(`for ${of} the tester saw "${linesText(lines)}" on the POS, which is none of the conclusions the suite knows; answer with its headline in the suite's words (such as "Payment declined / <reason>") or the status (approved, declined, aborted, timed out, unknown, ...)`)
    // A reversal the POS refused before the terminal answered names no amount anywhere: none was moved.
    const amount = amountOn(lines[1]) ?? asked ?? (request && totalOf(request)) ?? money(0)
    const atMs = this.options.clock.now()
    this.shown.push({ atMs, lines, source: 'register' })
    this.concluded.push({ request, requestType, amount, status, atMs, approvalCode: status === 'approved' ? approvalCode : undefined })
    for (const giveUp of [...this.abortWatchers]) giveUp()
    return { status, amount, requestId: request?.requestId, reason: REASON_ON_SECOND_LINE.includes(status) ? lines.slice(1).join(' ') || undefined : undefined }
  }

  /** After a restart or a check: the payment the POS recovered, if it showed one. */
  private async recovered(of: string): Promise<PaymentOutcome | undefined> {
    const step = await this.desk.ask(readingPrompt(`After ${of}, did your POS show nothing about an earlier payment? If it showed a conclusion about one, say what it showed.`, { read: 'recovered', of }))
    if (step.answer !== 'done') throw notCarriedOut(step)
    return step.observed === undefined ? undefined : this.concludedAs(of, step, undefined, 'CardPayment')
  }

  private actionResult(of: string): Promise<ActionResult> {
    return this.read(`Did your POS report ${of} as done? If it reported a failure, say what it showed.`, { read: 'action result', of },
      (seen) => seen === undefined ? { succeeded: true } : { succeeded: false, reason: seen })
  }

  private journalEntry(line: JournalLineSeen, concluded: Concluded | undefined): JournalEntry {
    const request = concluded?.request
    const terminalRecord = request ? this.wire.outputs(['E-Journal']).filter((o) => o.requestId === request.requestId).flatMap((o) => o.lines) : []
    return {
      requestId: request?.requestId ?? '', requestType: line.requestType, amount: line.amount, result: line.result as JournalEntry['result'],
      startedAtMs: request?.atMs ?? concluded?.atMs ?? this.options.clock.now(), finishedAtMs: concluded?.atMs, terminalRecord, approvalCode: line.approvalCode,
    }
  }

  private leftToPay(): Money | undefined {
    if (!this.bill || this.bill.paid >= this.bill.total.minor) return undefined
    return { minor: this.bill.total.minor - this.bill.paid, currency: this.bill.total.currency }
  }

  /**
   * Asks a reading once until the next action: the same question, about a POS nobody has touched since,
   * has the same answer. Readings read together (a Then's snapshot) share one prompt.
   */
  private once<T>(instruction: string, ask: (instruction: string) => Promise<T>): Promise<T> {
    const cached = this.cache.get(instruction)
    if (cached) return cached as Promise<T>
    const asking = ask(instruction)
    this.cache.set(instruction, asking)
    asking.catch(() => this.cache.delete(instruction))
    return asking
  }
}

function totalOf(request: WireRequest): Money | undefined {
  return request.kind === 'CardServiceRequest' ? request.totalAmount : undefined
}

function readingPrompt(instruction: string, reading: PosReading): OperatorPrompt {
  return { kind: 'POS reading', instruction, action: { do: 'read POS', reading } }
}

function notCarriedOut(step: ManualStep): CaseNotRun {
  const what = step.answer === 'timed out' ? 'was not answered' : step.answer === 'skip' ? 'was skipped' : 'could not be carried out'
  return new CaseNotRun(`the POS prompt "${step.prompt.instruction}" ${what}${step.note ? ` (${step.note})` : ''}`)
}

/** The amount as a cashier types it: 10.00, or 10.001 for an amount with too many decimals. */
function typed(amount: Money): string {
  return amountMessage(amount).amount
}

/** "10.00 EUR" or "10.00 EUR, cancelled by the cashier": the amount a POS message names, if any. */
function amountOn(line: string | undefined): Money | undefined {
  const m = /^(-?\d+\.\d{2}) ([A-Z]{3})\b/.exec(line ?? '')
  return m ? parseDecimal(m[1], m[2]) : undefined
}

function printerInstruction(printer: PrinterName, condition: PrinterConditionMessage): string {
  const which = `your POS's ${printer} printer`
  if (condition.jamOnNextTicket) return `Make the next ticket on ${which} jam (hold the paper back as it prints).`
  switch (condition.state) {
    case 'PaperEmpty': return `Take the paper out of ${which}, so that it reports paper empty.`
    case 'PaperLow': return `Put a nearly finished paper roll into ${which}, so that it reports paper low.`
    case 'Unavailable': return `Switch off or unplug ${which}.`
    default: return `Make sure ${which} is on and has a full paper roll.`
  }
}
