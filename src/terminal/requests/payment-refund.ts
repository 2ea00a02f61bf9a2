import { TimeoutError, isoTimestamp, sleep } from '../../clock/clock'
import type { CardServiceRequest, CardServiceResponse, OverallResult, TextLine } from '../../opi/messages'
import { describeActionCode } from '../../opi/action-codes'
import { describeMoney } from '../../opi/money'
import { HostUnreachable, type HostDecision } from '../acquiring-host'
import { maskPan } from '../cards'
import { EcrDeviceUnavailable } from '../ecr-device-link'
import { receiptLines } from '../receipts'
import { CardholderStopped, type PresentedCard } from '../terminal-face'
import { AbortedByEcr } from './abort'
import {
  cashierDisplay, decline, needsPin, promptCardRemoval, readOneCard, takeBackPreviousCard, timeoutReason, verifyPin,
} from './card-payment'
import { answer, type TerminalContext } from './terminal-context'
import { printAndKeepTicket } from './ticket-keeping'

type Respond = (overallResult: OverallResult, extra?: Partial<CardServiceResponse>) => CardServiceResponse

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
  const cashier = (...lines: string[]) => cashierDisplay(ctx, ...lines)
  const respond: Respond = (overallResult, extra = {}) => answer(ctx, request, overallResult, extra)

  try {
    await takeBackPreviousCard(ctx)
    ctx.enter('waiting for card')
    await cashier('Present card', `Refund ${amountText}`)
    ctx.face.show('present card', ['Refund', amountText, 'Present card'])
    const presented = await readOneCard(ctx)

    if (needsPin(ctx, presented, amount.minor)) {
      ctx.enter('waiting for PIN')
      await cashier('Cardholder enters PIN')
      if (!(await verifyPin(ctx, presented))) return await decline(ctx, request, presented, '75', respond)
    }

    ctx.checkAborted?.()
    ctx.enter('authorising')
    await cashier('Processing', 'please wait')
    ctx.face.show('wait', ['Please wait'])
    const stan = ctx.nextStan()
    let decision: HostDecision
    try {
      decision = await ctx.host.refund(stan, amount, presented.card, presented.entry)
    } catch (error) {
      if (!(error instanceof HostUnreachable)) throw error
      await cashier('Host not reachable', 'Refund not completed')
      ctx.face.show('declined', ['Not completed'])
      return respond('TimedOut', { terminal: { terminalId: ctx.settings.terminalId, stan }, privateData: { errorText: 'host not reachable' } })
    }

    ctx.enter('printing')
    const ticket = refundTicket(ctx, request, presented, stan, decision)
    await printAndKeepTicket(ctx, request.requestId, request.posData, ticket.customer, ticket.merchant)
    if (decision.approved) {
      await cashier('Refunded', amountText)
      ctx.face.show('approved', ['Refunded'])
    } else {
      await cashier('Declined', describeActionCode(decision.actionCode))
      ctx.face.show('declined', ['Declined'])
    }
    return respond(decision.approved ? 'Success' : 'Failure', {
      terminal: { terminalId: ctx.settings.terminalId, stan },
      tender: {
        totalAmount: amount,
        authorisation: {
          acquirerId: '0027', timeStamp: isoTimestamp(ctx.clock.now()), approvalCode: decision.approvalCode,
          cardPan: maskPan(presented.card.pan), cardCircuit: presented.card.circuit, receiptNumber: String(Number(stan)),
          actionCode: decision.actionCode, authorisationType: 'Online',
        },
      },
    })
  } catch (error) {
    return endedBeforeTheHost(ctx, error, respond)
  }
}

/** Stop, an accepted abort, a time-out or a silent register end a refund as they end a payment. */
async function endedBeforeTheHost(ctx: TerminalContext, error: unknown, respond: Respond): Promise<CardServiceResponse> {
  if (error instanceof CardholderStopped || error instanceof AbortedByEcr) {
    const by = error instanceof CardholderStopped ? 'cardholder' : 'cashier'
    ctx.face.show('cancelled', ['Cancelled'])
    await cashierDisplay(ctx, `Cancelled by ${by}`).catch(() => undefined)
    await sleep(ctx.clock, ctx.settings.cancelledScreenMs ?? 0)
    return respond('Aborted', { privateData: { errorText: `cancelled by the ${by}` } })
  }
  if (error instanceof TimeoutError) {
    const what = timeoutReason(ctx)
    ctx.face.show('cancelled', ['Time-out'])
    await cashierDisplay(ctx, 'Time-out', what).catch(() => undefined)
    return respond('TimedOut', { privateData: { errorText: what } })
  }
  if (error instanceof EcrDeviceUnavailable) return respond('Failure', { privateData: { errorText: error.message } })
  throw error
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
