import type { CardServiceRequest, CardServiceResponse } from '../../opi/messages'
import { HostUnreachable } from '../acquiring-host'
import { unattendedReceiptLines } from '../unattended/unattended-texts'
import type { TerminalContext } from './terminal-context'
import { conversationFor } from './unattended-cardholder'

/**
 * Completes a reservation with the amount actually delivered (no card needed: the original
 * transaction's trace number and approval code name it). The host captures that amount and releases
 * the rest; 0.00 releases it all. The ticket shows what was charged.
 */
export async function runCardFinancialAdvice(ctx: TerminalContext, request: CardServiceRequest): Promise<CardServiceResponse> {
  const amount = request.totalAmount!
  const talk = conversationFor(ctx, request)
  const original = request.originalTransaction
  if (!original?.stan) return talk.respond('MissingMandatoryData', { privateData: { errorText: 'OriginalTransaction/@STAN names no reservation' } })
  ctx.enter('authorising')
  let result
  try {
    result = await ctx.host.complete(original.stan, original.approvalCode, amount)
  } catch (error) {
    if (error instanceof HostUnreachable) return talk.respond('TimedOut', { privateData: { errorText: 'host not reachable' } })
    throw error
  }
  if (!result.done) return talk.respond('Failure', { privateData: { errorText: result.reason } })
  const reservation = result.reservation
  const stan = ctx.nextStan()
  ctx.enter('printing')
  if (amount.minor > 0) {
    const lines = unattendedReceiptLines({
      language: talk.language, terminalId: ctx.settings.terminalId, merchant: ctx.settings.merchant, atMs: ctx.clock.now(),
      card: { name: reservation.cardName, maskedPan: reservation.maskedPan, circuit: reservation.circuit },
      amount, stan, approvalCode: reservation.approvalCode, testHost: ctx.settings.testHost,
    }).map((text) => ({ text }))
    const pos = request.posData
    if (pos.printerStatus === undefined || pos.printerStatus === 'Available' || pos.printerStatus === 'PaperLow') await ctx.devices.output({ target: 'Printer', textLines: lines })
    if (pos.eJournalStatus === undefined || pos.eJournalStatus === 'Available') await ctx.devices.output({ target: 'E-Journal', textLines: lines })
  }
  await talk.say('paid', `${amount.currency} ${(amount.minor / 100).toFixed(2)}`)
  return talk.respond('Success', {
    terminal: { terminalId: ctx.settings.terminalId, stan },
    tender: { totalAmount: amount, authorisation: { approvalCode: reservation.approvalCode, cardPan: reservation.maskedPan, cardCircuit: reservation.circuit, actionCode: '0' } },
  })
}
