import { parseDecimal, type Money } from '../opi/money'

/** What a register can read back from a CCV ticket: enough to tell which payment it is and how it ended. */
export interface TicketFacts {
  approved: boolean
  amount?: Money
  atMs?: number
  approvalCode?: string
}

const AMOUNT = /^Amount\s+([A-Z]{3})\s+(\d+\.\d{2})$/
const DATE = /^Date\s+(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/
const APPROVED = /^APPROVED(?:\s+(\S+))?$/

/**
 * Reads a reprinted ticket during recovery (OPI recovery step 6: derive the outcome from the ticket).
 * Returns undefined for a ticket that says neither approved nor declined: such a ticket proves nothing.
 */
export function readTicket(lines: readonly string[]): TicketFacts | undefined {
  const trimmed = lines.map((l) => l.trim())
  const approvedLine = trimmed.map((l) => APPROVED.exec(l)).find(Boolean)
  const declined = trimmed.some((l) => l.startsWith('DECLINED'))
  if (!approvedLine && !declined) return undefined
  const amount = trimmed.map((l) => AMOUNT.exec(l)).find(Boolean)
  const date = trimmed.map((l) => DATE.exec(l)).find(Boolean)
  return {
    approved: Boolean(approvedLine) && !declined,
    amount: amount ? parseDecimal(amount[2], amount[1]) : undefined,
    atMs: date ? Date.parse(`${date[1]}T${date[2]}Z`) : undefined,
    approvalCode: approvedLine?.[1],
  }
}
