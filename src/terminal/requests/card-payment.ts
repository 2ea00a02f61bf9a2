import type { CardServiceRequest, CardServiceResponse, TextLine } from '../../opi/messages'
import { describeMoney } from '../../opi/money'
import type { HostDecision } from '../acquiring-host'
import { receiptLines } from '../receipts'
import type { PresentedCard } from '../terminal-face'
import { askHost, endedEarly, printAndAnswer, promptCardRemoval, readAndVerifyCard, type Respond } from './card-reading'
import { cancelAfterRefusal, cashierVerifies, KEEP_SIGNED_COPY } from './counter-verification'
import { answer, type TerminalContext } from './terminal-context'

/**
 * One card payment from the terminal's side: prompt, read the card, verify the PIN, ask the host,
 * print, answer. Every prompt goes to the cashier as a DeviceRequest and waits for its answer. A chip
 * card still in the reader at the end is asked for, whatever the result.
 */
export async function runCardPayment(ctx: TerminalContext, request: CardServiceRequest): Promise<CardServiceResponse> {
  const response = await pay(ctx, request)
  await promptCardRemoval(ctx).catch(() => undefined)
  return response
}

async function pay(ctx: TerminalContext, request: CardServiceRequest): Promise<CardServiceResponse> {
  const amount = request.totalAmount!
  const amountText = describeMoney(amount)
  const respond: Respond = (overallResult, extra = {}) => answer(ctx, request, overallResult, extra)

  try {
    const presented = await readAndVerifyCard(ctx, request, ['Present card', amountText], respond)
    if ('kind' in presented) return presented
    const stan = ctx.nextStan()
    const decision = await askHost(ctx, stan, 'Payment', () => ctx.host.authorise(stan, amount, presented.card, presented.entry, ctx.settings.partialApproval), respond)
    if ('kind' in decision) return decision

    const ticket = ticketLines(ctx, request, presented, stan, decision)
    if (decision.approved && decision.extraVerification) {
      const verified = await cashierVerifies(ctx, decision.extraVerification, ticket.merchant)
      if (!verified.confirmed) return await cancelAfterRefusal(ctx, stan, verified.refused!, respond)
    }
    // A signature payment reminds the cashier to keep the signed merchant copy instead of a plain "Approved".
    const approvedLines = decision.extraVerification?.includes('signature') ? KEEP_SIGNED_COPY : ['Approved', describeMoney(decision.approvedAmount ?? amount)]
    return await printAndAnswer(ctx, request, presented, stan, decision, ticket, approvedLines, respond)
  } catch (error) {
    return endedEarly(ctx, error, respond)
  }
}

/** The customer receipt and the merchant copy of this payment. */
function ticketLines(ctx: TerminalContext, request: CardServiceRequest, presented: PresentedCard, stan: string, decision: HostDecision): { customer: TextLine[]; merchant: TextLine[] } {
  const facts = {
    terminalId: ctx.settings.terminalId, merchant: ctx.settings.merchant, atMs: ctx.clock.now(), card: presented.card,
    entry: presented.entry, amount: decision.approvedAmount ?? request.totalAmount!, stan, approved: decision.approved, actionCode: decision.actionCode,
    approvalCode: decision.approvalCode, testHost: ctx.settings.testHost,
  }
  const lines = (copy: 'CUSTOMER COPY' | 'MERCHANT COPY') => receiptLines({ ...facts, copy }).map((text) => ({ text }))
  return { customer: lines('CUSTOMER COPY'), merchant: lines('MERCHANT COPY') }
}
