import type { CardServiceRequest, CardServiceResponse, TextLine } from '../../opi/messages'
import { describeMoney } from '../../opi/money'
import type { HostDecision } from '../acquiring-host'
import { receiptLines } from '../receipts'
import type { PresentedCard } from '../terminal-face'
import { askHost, endedEarly, printAndAnswer, promptCardRemoval, readAndVerifyCard, type Respond } from './card-reading'
import { answer, type TerminalContext } from './terminal-context'

/**
 * Money back to a card (reference 9.8): the card is presented again and read as for a payment, the
 * host credits it, a REFUND ticket is printed, and the answer looks like a payment's. A chip card
 * still in the reader at the end is asked for, whatever the result.
 */
export async function runPaymentRefund(ctx: TerminalContext, request: CardServiceRequest): Promise<CardServiceResponse> {
  const response = await refund(ctx, request)
  await promptCardRemoval(ctx).catch(() => undefined)
  return response
}

async function refund(ctx: TerminalContext, request: CardServiceRequest): Promise<CardServiceResponse> {
  const amount = request.totalAmount!
  const amountText = describeMoney(amount)
  const respond: Respond = (overallResult, extra = {}) => answer(ctx, request, overallResult, extra)

  try {
    const presented = await readAndVerifyCard(ctx, request, ['Present card', `Refund ${amountText}`], respond, ['Refund', amountText, 'Present card'])
    if ('kind' in presented) return presented
    const stan = ctx.nextStan()
    const decision = await askHost(ctx, stan, 'Refund', () => ctx.host.refund(stan, amount, presented.card, presented.entry), respond)
    if ('kind' in decision) return decision

    const ticket = refundTicket(ctx, request, presented, stan, decision)
    return await printAndAnswer(ctx, request, presented, stan, decision, ticket, ['Refunded', amountText], respond)
  } catch (error) {
    return endedEarly(ctx, error, respond)
  }
}

/** The customer receipt and the merchant copy, titled REFUND so nobody takes them for a payment. */
function refundTicket(ctx: TerminalContext, request: CardServiceRequest, presented: PresentedCard, stan: string, decision: HostDecision): { customer: TextLine[]; merchant: TextLine[] } {
  const facts = {
    terminalId: ctx.settings.terminalId, merchant: ctx.settings.merchant, atMs: ctx.clock.now(), card: presented.card,
    entry: presented.entry, amount: request.totalAmount!, stan, approved: decision.approved, actionCode: decision.actionCode,
    approvalCode: decision.approvalCode, testHost: ctx.settings.testHost, title: 'REFUND' as const,
  }
  const lines = (copy: 'CUSTOMER COPY' | 'MERCHANT COPY') => receiptLines({ ...facts, copy }).map((text) => ({ text }))
  return { customer: lines('CUSTOMER COPY'), merchant: lines('MERCHANT COPY') }
}
