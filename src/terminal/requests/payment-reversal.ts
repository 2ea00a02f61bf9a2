import { isoTimestamp } from '../../clock/clock'
import type { CardServiceRequest, CardServiceResponse, OverallResult } from '../../opi/messages'
import { describeMoney } from '../../opi/money'
import { HostUnreachable, type HostAuthorisation, type ReversalResult } from '../acquiring-host'
import { EcrDeviceUnavailable } from '../ecr-device-link'
import { reversalReceiptLines } from '../receipts'
import { cashierDisplay } from './card-reading'
import { answer, type TerminalContext } from './terminal-context'
import { printAndKeepTicket } from './ticket-keeping'

/**
 * Takes back the terminal's last approved payment (reference 9.8), named by OriginalTransaction/@STAN.
 * No card is needed: the host knows the payment by its trace number, and refuses any payment but the
 * last, or one already reversed, with its reason. A REVERSAL ticket is printed for both copies.
 */
export async function runPaymentReversal(ctx: TerminalContext, request: CardServiceRequest): Promise<CardServiceResponse> {
  const respond = (overallResult: OverallResult, extra: Partial<CardServiceResponse> = {}) => answer(ctx, request, overallResult, extra)
  const original = request.originalTransaction
  if (!original?.stan) return respond('MissingMandatoryData', { privateData: { errorText: 'OriginalTransaction/@STAN names no payment to reverse' } })

  // Nothing waits for the cardholder, so there is no moment at which an abort could still stop it cleanly.
  ctx.enter('authorising')
  let result: ReversalResult
  try {
    await cashierDisplay(ctx, 'Reversal', 'please wait')
    ctx.face.show('wait', ['Please wait'])
    result = await ctx.host.reverseLastPayment({ stan: original.stan, approvalCode: original.approvalCode, amount: request.totalAmount })
  } catch (error) {
    if (error instanceof EcrDeviceUnavailable) return respond('Failure', { privateData: { errorText: error.message } })
    if (!(error instanceof HostUnreachable)) throw error
    await cashierDisplay(ctx, 'Host not reachable', 'Reversal not completed').catch(() => undefined)
    ctx.face.show('declined', ['Not completed'])
    return respond('TimedOut', { privateData: { errorText: 'host not reachable' } })
  }
  if (!result.done) {
    await cashierDisplay(ctx, 'Reversal refused', result.reason).catch(() => undefined)
    ctx.face.show('declined', ['Not reversed'])
    return respond('Failure', { privateData: { errorText: result.reason } })
  }

  // The host has taken the money back: from here the terminal finishes even without the register.
  ctx.enter('printing')
  const reversed = result.authorisation
  const stan = ctx.nextStan()
  const lines = reversalTicket(ctx, reversed, stan)
  await printAndKeepTicket(ctx, request.requestId, request.posData, lines('CUSTOMER COPY'), lines('MERCHANT COPY'))
  await cashierDisplay(ctx, 'Reversed', describeMoney(reversed.amount))
  ctx.face.show('approved', ['Reversed'])
  return respond('Success', {
    terminal: { terminalId: ctx.settings.terminalId, stan },
    tender: {
      totalAmount: reversed.amount,
      authorisation: {
        acquirerId: '0027', timeStamp: isoTimestamp(ctx.clock.now()), approvalCode: reversed.decision.approvalCode,
        cardPan: reversed.maskedPan, cardCircuit: reversed.circuit, receiptNumber: String(Number(stan)), actionCode: '0', authorisationType: 'Online',
      },
    },
  })
}

function reversalTicket(ctx: TerminalContext, reversed: HostAuthorisation, stan: string) {
  return (copy: 'CUSTOMER COPY' | 'MERCHANT COPY') => reversalReceiptLines({
    copy, terminalId: ctx.settings.terminalId, merchant: ctx.settings.merchant, atMs: ctx.clock.now(),
    cardName: reversed.cardName ?? reversed.circuit, maskedPan: reversed.maskedPan ?? '****',
    amount: reversed.amount, stan, originalStan: reversed.stan, testHost: ctx.settings.testHost,
  }).map((text) => ({ text }))
}
