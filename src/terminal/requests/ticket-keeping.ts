import type { DeviceState, PosData, TextLine } from '../../opi/messages'
import type { TerminalContext } from './terminal-context'

export const printerUsable = (state: DeviceState | undefined): boolean => state === undefined || state === 'Available' || state === 'PaperLow'

/**
 * Sends the tickets to the devices the register declared usable, and remembers them: a customer
 * receipt that did not print (printer declared unusable, or it answered Failure/DeviceUnavailable)
 * leaves the ticket owed, so the next payment is refused with PrintLastTicket until it is reprinted.
 */
export async function printAndKeepTicket(ctx: TerminalContext, requestId: string, pos: PosData, customer: TextLine[], merchant: TextLine[]): Promise<void> {
  let customerPrinted = false
  let journalCopyDelivered = false
  if (printerUsable(pos.printerStatus)) customerPrinted = (await ctx.devices.output({ target: 'Printer', textLines: customer })).overallResult === 'Success'
  if (printerUsable(pos.journalPrinterStatus)) journalCopyDelivered = (await ctx.devices.output({ target: 'JournalPrinter', textLines: merchant })).overallResult === 'Success'
  if (printerUsable(pos.eJournalStatus)) journalCopyDelivered = (await ctx.devices.output({ target: 'E-Journal', textLines: merchant })).overallResult === 'Success' || journalCopyDelivered
  if (!ctx.memory) return
  ctx.memory.lastTicket = { requestId, customer, merchant }
  ctx.memory.ticketOwed = !customerPrinted
  ctx.memory.journalCopyOwed = !journalCopyDelivered
}
