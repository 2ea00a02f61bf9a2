import type { TextLine } from '../../opi/messages'
import { printerUsable } from './ticket-keeping'
import { answer, type CardServiceHandler } from './terminal-context'

export const COPY_MARKER = '*** COPY ***'

const asCopy = (lines: TextLine[]): TextLine[] => [{ text: COPY_MARKER }, ...lines]

/**
 * TicketReprint: replays the last ticket through the register's printer, marked as a copy. When the
 * ticket was owed because the link or the register was gone, the merchant copy and the e-journal
 * record are replayed too; the owed state clears only when the customer copy printed.
 */
export const ticketReprint: CardServiceHandler = async (ctx, request) => {
  const memory = ctx.memory
  const ticket = memory?.lastTicket
  if (!memory || !ticket) return answer(ctx, request, 'Failure', { privateData: { errorText: 'no ticket to reprint' } })
  if (!printerUsable(request.posData.printerStatus)) return answer(ctx, request, 'DeviceUnavailable', { privateData: { errorText: 'the register has no usable printer' } })
  const printed = await ctx.devices.output({ target: 'Printer', textLines: asCopy(ticket.customer) })
  if (printed.overallResult !== 'Success') return answer(ctx, request, 'Failure', { privateData: { errorText: 'the printer did not print the copy' } })
  memory.ticketOwed = false
  if (memory.journalCopyOwed) {
    if (printerUsable(request.posData.journalPrinterStatus)) await ctx.devices.output({ target: 'JournalPrinter', textLines: asCopy(ticket.merchant) })
    if (printerUsable(request.posData.eJournalStatus)) await ctx.devices.output({ target: 'E-Journal', textLines: ticket.merchant })
    memory.journalCopyOwed = false
  }
  return answer(ctx, request, 'Success')
}
