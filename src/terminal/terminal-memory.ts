import type { CardServiceResponse, TextLine } from '../opi/messages'

/** The last receipt, as the terminal printed (or tried to print) it. */
export interface RememberedTicket {
  requestId: string
  customer: TextLine[]
  merchant: TextLine[]
}

/**
 * What a CCV terminal keeps across requests so a register can recover: its last answer (for
 * RepeatLastMessage), its last ticket (for TicketReprint) and whether that ticket is still owed to
 * the customer, in which case new payments are refused with PrintLastTicket.
 */
export class TerminalMemory {
  lastResponse?: CardServiceResponse
  lastTicket?: RememberedTicket
  /** The customer receipt never reached a working printer. */
  ticketOwed = false
  /** The merchant copy and e-journal record never reached the register either. */
  journalCopyOwed = false
}
