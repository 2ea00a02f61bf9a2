import type { ConversationLog } from '../src/opi/conversation-log'
import { cardServiceRequests, type SentRequest } from './observations'
import type { DeviceResponse } from '../src/opi/messages'

/**
 * Readings of the wire log for recovery, reprint and journal cases: what the register asked, when,
 * and how the devices answered. Independent of what the register says about itself.
 */

export function paymentsSent(log: ConversationLog): SentRequest[] {
  return cardServiceRequests(log).filter((r) => r.request.requestType === 'CardPayment')
}

/** How the register answered each device output of one kind, in order. */
export function deviceAnswersFor(log: ConversationLog, target: string): string[] {
  return log.messages()
    .filter((m): m is DeviceResponse => m.kind === 'DeviceResponse')
    .flatMap((m) => m.outputs.filter((o) => o.target === target).map((o) => o.outResult))
}

/** Ticket text without what only marks a copy: the reprint banner and the copy designation line. */
export function ticketContent(lines: readonly string[]): string[] {
  return lines.filter((l) => !/^\*\*\* (COPY|DUPLICATE) \*\*\*$/.test(l) && !/^(CUSTOMER|MERCHANT) COPY$/.test(l))
}

export const isCopy = (lines: readonly string[]): boolean => /COPY|DUPLICATE/.test(lines[0] ?? '') && /^\*\*\*/.test(lines[0] ?? '')
export const saysApproved = (lines: readonly string[]): boolean => lines.some((l) => l.startsWith('APPROVED'))
export const saysDeclined = (lines: readonly string[]): boolean => lines.some((l) => l.startsWith('DECLINED'))
