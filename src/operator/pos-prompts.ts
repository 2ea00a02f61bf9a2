import type { PrinterConditionMessage, PrinterName } from '../integration/driver-contract'
import type { Money } from '../opi/money'

/**
 * What the tester is asked to do on their own POS, in a form an adapter can act on (a scripted person
 * drives a POS through its driver contract; a person reads the prompt's instruction).
 */
export type PosAct =
  | { act: 'get ready' }
  | { act: 'open sale'; total: Money }
  | { act: 'pay by card'; amount: Money; part: boolean }
  | { act: 'refund'; amount: Money }
  | { act: 'reverse'; stan?: string }
  /** `presses` > 1: hammering the key, one press about every 200 ms. */
  | { act: 'press abort'; presses: number }
  | { act: 'close period' }
  | { act: 'reprint' }
  | { act: 'check last transaction' }
  /** A power loss in two prompts, so the suite can mark the moment the power comes back (and keep it off for a while). */
  | { act: 'switch off' }
  | { act: 'switch on' }
  | { act: 'set printer'; printer: PrinterName; condition: PrinterConditionMessage }

/** One ticket as a tester describes it: which printer, and its lines. */
export interface TicketSeen {
  printer: PrinterName
  lines: string[]
}

/** One journal entry as a tester reads it off the POS. */
export interface JournalLineSeen {
  requestType: string
  amount?: Money
  result: string
  /** As the POS journaled it ("approval 8GMC5T"). */
  approvalCode?: string
}

export interface PosStateSeen {
  paymentRunning: boolean
  saleOpen: boolean
  leftToPay?: Money
}

/**
 * What the tester is asked to look at on their POS, with what the suite expects there. The tester
 * confirms it ("done") or says what the POS showed instead (`OperatorReply.observed`, in the forms of
 * `integration/pos-testimony.ts`). `expected` undefined: nothing to compare with, the tester says what it showed.
 */
export type PosReading =
  /** The POS's own message once it concluded, line by line. */
  | { read: 'conclusion'; of: string; expected?: string[] }
  /** Each message the terminal sent for the cashier's display, in order. */
  | { read: 'terminal messages'; expected: string[][] }
  | { read: 'printouts'; expected: TicketSeen[] }
  | { read: 'journal'; expected: JournalLineSeen[] }
  | { read: 'state'; expected: PosStateSeen }
  /** After a restart or a check of the last transaction: "done" = nothing shown about an earlier payment. */
  | { read: 'recovered'; of: string }
  /** An action that is not a payment (closing the period, reprinting): carried out, or the POS's reason why not. */
  | { read: 'action result'; of: string }
