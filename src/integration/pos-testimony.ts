import { cashierMessage, type PaymentStatus } from '../ecr/payment-outcome'
import { describeMoney, money, parseDecimal } from '../opi/money'
import type { JournalLineSeen, PosStateSeen, TicketSeen } from '../operator/pos-prompts'

/**
 * How a tester writes down what their POS showed, printed or journaled, when it is not what the prompt
 * stated: one plain-text form per reading, typed at the console or produced by a scripted person. The
 * person-operated adapter reads it back with the parsers here, so the two sides cannot drift apart.
 *
 *   lines of one message    Payment declined / Card declined
 *   several messages        Present card | Enter PIN | Please wait
 *   tickets                 receipt: line / line | journal: line / line        (or: nothing)
 *   journal entries         CardPayment 10.00 EUR approved | PaymentRefund 5.00 EUR declined   (or: nothing)
 *   register state          payment not running, sale open, 20.00 EUR left to pay
 */

const LINE_BREAK = /\s+\/\s+/
const ITEM_BREAK = /\s+\|\s+/
const NOTHING = 'nothing'

export function linesText(lines: readonly string[]): string {
  return lines.join(' / ')
}

export function parseLines(text: string): string[] {
  const trimmed = text.trim()
  return trimmed === '' ? [] : trimmed.split(LINE_BREAK)
}

export function messagesText(messages: readonly (readonly string[])[]): string {
  return messages.length === 0 ? NOTHING : messages.map(linesText).join(' | ')
}

export function parseMessages(text: string): string[][] {
  return items(text).map(parseLines)
}

export function ticketsText(tickets: readonly TicketSeen[]): string {
  return tickets.length === 0 ? NOTHING : tickets.map((t) => `${t.printer}: ${linesText(t.lines)}`).join(' | ')
}

export function parseTickets(text: string): TicketSeen[] {
  return items(text).map((item) => {
    const m = /^(receipt|journal):\s*(.*)$/i.exec(item)
    if (!m) throw new TestimonyUnreadable('a ticket', item, '"receipt: line / line" or "journal: line / line"')
    return { printer: m[1].toLowerCase() as TicketSeen['printer'], lines: parseLines(m[2]) }
  })
}

export function journalText(entries: readonly JournalLineSeen[]): string {
  return entries.length === 0 ? NOTHING : entries.map((e) => [e.requestType, e.amount ? describeMoney(e.amount) : undefined, e.result, e.approvalCode ? `approval ${e.approvalCode}` : undefined].filter(Boolean).join(' ')).join(' | ')
}

export function parseJournal(text: string): JournalLineSeen[] {
  return items(text).map((item) => {
    const m = /^(\w+)(?:\s+(-?\d+(?:\.\d{1,2})?)\s+([A-Z]{3}))?\s+(.+?)(?:\s+approval\s+(\S+))?$/.exec(item)
    if (!m) throw new TestimonyUnreadable('a journal entry', item, '"CardPayment 10.00 EUR approved approval 8GMC5T"')
    return { requestType: m[1], amount: m[2] ? parseDecimal(m[2], m[3]) : undefined, result: m[4].trim(), ...(m[5] ? { approvalCode: m[5] } : {}) }
  })
}

export function stateText(state: PosStateSeen): string {
  const sale = state.saleOpen ? `sale open${state.leftToPay ? `, ${describeMoney(state.leftToPay)} left to pay` : ''}` : 'no sale open'
  return `payment ${state.paymentRunning ? 'running' : 'not running'}, ${sale}`
}

export function parseState(text: string): PosStateSeen {
  const m = /^payment (running|not running),\s*(no sale open|sale open(?:,\s*(-?\d+(?:\.\d{1,2})?)\s+([A-Z]{3}) left to pay)?)$/i.exec(text.trim())
  if (!m) throw new TestimonyUnreadable('the register\'s state', text, '"payment not running, sale open, 20.00 EUR left to pay" or "payment running, no sale open"')
  const saleOpen = !/^no sale/i.test(m[2])
  return { paymentRunning: m[1].toLowerCase() === 'running', saleOpen, leftToPay: m[3] ? parseDecimal(m[3], m[4]) : undefined }
}

/** Every conclusion the suite knows, by the headline the reference ECR shows for it. */
const HEADLINES: [string, PaymentStatus][] = (['approved', 'declined', 'aborted', 'timed out', 'refused by terminal', 'refused by register', 'terminal unreachable', 'unknown', 'not paid', 'blocked'] as PaymentStatus[])
  .map((status) => [cashierMessage({ status, amount: money(0) })[0].toLowerCase(), status])

/**
 * The conclusion a POS's message stands for: its headline in the reference ECR's words ("Payment
 * declined"), or the status itself ("declined"). Anything else is a message the suite cannot rate.
 */
export function statusShown(lines: readonly string[]): PaymentStatus | undefined {
  const headline = (lines[0] ?? '').trim().toLowerCase()
  return HEADLINES.find(([words]) => words === headline)?.[1] ?? HEADLINES.find(([, status]) => status === headline)?.[1]
}

/** The tester's words do not fit the form the prompt asked for. */
export class TestimonyUnreadable extends Error {
  constructor(what: string, text: string, form: string) {
    super(`the tester's account of ${what}, "${text}", is not in the form ${form}`)
    this.name = 'TestimonyUnreadable'
  }
}

function items(text: string): string[] {
  const trimmed = text.trim()
  return trimmed === '' || trimmed.toLowerCase() === NOTHING ? [] : trimmed.split(ITEM_BREAK)
}
