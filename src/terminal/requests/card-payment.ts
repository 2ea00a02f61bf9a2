import { TimeoutError, isoTimestamp, sleep } from '../../clock/clock'
import type { CardServiceRequest, CardServiceResponse, OverallResult, TextLine } from '../../opi/messages'
import { describeMoney } from '../../opi/money'
import { describeActionCode } from '../../opi/action-codes'
import { HostUnreachable, type HostDecision } from '../acquiring-host'
import { maskPan } from '../cards'
import { EcrDeviceUnavailable } from '../ecr-device-link'
import { receiptLines } from '../receipts'
import { CardCollision, CardholderStopped, type PresentedCard } from '../terminal-face'
import { AbortedByEcr } from './abort'
import { cancelAfterRefusal, cashierVerifies, KEEP_SIGNED_COPY } from './counter-verification'
import { answer, type TerminalContext } from './terminal-context'
import { printAndKeepTicket } from './ticket-keeping'

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
  const cashier = (...lines: string[]) => cashierDisplay(ctx, ...lines)
  const respond = (overallResult: OverallResult, extra: Partial<CardServiceResponse> = {}) => answer(ctx, request, overallResult, extra)

  try {
    await takeBackPreviousCard(ctx)
    ctx.enter('waiting for card')
    await cashier('Present card', amountText)
    ctx.face.show('present card', ['Present card', amountText])
    const presented = await readOneCard(ctx)

    if (needsPin(ctx, presented, amount.minor)) {
      ctx.enter('waiting for PIN')
      await cashier('Cardholder enters PIN')
      const verified = await verifyPin(ctx, presented)
      if (!verified) return await decline(ctx, request, presented, '75', respond)
    }

    ctx.checkAborted?.()
    ctx.enter('authorising')
    await cashier('Processing', 'please wait')
    ctx.face.show('wait', ['Please wait'])
    const stan = ctx.nextStan()
    let decision: HostDecision
    try {
      decision = await ctx.host.authorise(stan, amount, presented.card, presented.entry)
    } catch (error) {
      if (!(error instanceof HostUnreachable)) throw error
      await cashier('Host not reachable', 'Payment not completed')
      ctx.face.show('declined', ['Not completed'])
      return respond('TimedOut', { terminal: { terminalId: ctx.settings.terminalId, stan }, privateData: { errorText: 'host not reachable' } })
    }

    const ticket = ticketLines(ctx, request, presented, stan, decision)
    if (decision.approved && decision.extraVerification) {
      const verified = await cashierVerifies(ctx, decision.extraVerification, ticket.merchant)
      if (!verified.confirmed) return await cancelAfterRefusal(ctx, stan, verified.refused!, respond)
    }
    ctx.enter('printing')
    await printAndKeepTicket(ctx, request.requestId, request.posData, ticket.customer, ticket.merchant)
    const auth = {
      acquirerId: '0027', timeStamp: isoTimestamp(ctx.clock.now()), approvalCode: decision.approvalCode,
      cardPan: maskPan(presented.card.pan), cardCircuit: presented.card.circuit, receiptNumber: String(Number(stan)),
      actionCode: decision.actionCode, authorisationType: 'Online',
    }
    if (decision.approved) {
      await cashier(...(decision.extraVerification?.includes('signature') ? KEEP_SIGNED_COPY : ['Approved', amountText]))
      ctx.face.show('approved', ['Approved'])
    } else {
      await cashier('Declined', describeActionCode(decision.actionCode))
      ctx.face.show('declined', ['Declined'])
    }
    return respond(decision.approved ? 'Success' : 'Failure', {
      terminal: { terminalId: ctx.settings.terminalId, stan },
      tender: { totalAmount: amount, authorisation: auth },
    })
  } catch (error) {
    if (error instanceof CardholderStopped || error instanceof AbortedByEcr) {
      const by = error instanceof CardholderStopped ? 'cardholder' : 'cashier'
      ctx.face.show('cancelled', ['Cancelled'])
      await cashier(`Cancelled by ${by}`).catch(() => undefined)
      await sleep(ctx.clock, ctx.settings.cancelledScreenMs ?? 0)
      return respond('Aborted', { privateData: { errorText: `cancelled by the ${by}` } })
    }
    if (error instanceof TimeoutError) {
      const what = timeoutReason(ctx)
      ctx.face.show('cancelled', ['Time-out'])
      await cashier('Time-out', what).catch(() => undefined)
      return respond('TimedOut', { privateData: { errorText: what } })
    }
    if (error instanceof EcrDeviceUnavailable) {
      return respond('Failure', { privateData: { errorText: error.message } })
    }
    throw error
  }
}

export function cashierDisplay(ctx: TerminalContext, ...lines: string[]) {
  return ctx.devices.output({ target: 'CashierDisplay', textLines: lines.map((text, row) => ({ text, row })) })
}

/** Which wait ran out, in the words a cashier understands. */
export function timeoutReason(ctx: TerminalContext): string {
  const state = ctx.face.screen.prompt
  if (state === 'enter PIN') return 'no PIN entered'
  if (state === 'remove card') return 'card not removed'
  return 'no card presented'
}

/** A card left in from the last payment must come out before a new one can go in. */
export async function takeBackPreviousCard(ctx: TerminalContext): Promise<void> {
  if (!ctx.face.cardInReader) return
  ctx.enter('waiting for card removal')
  await promptCardRemoval(ctx)
  ctx.checkAborted?.()
  await ctx.face.waitForCardRemoval(ctx.settings.cardTimeoutMs)
}

/**
 * Two cards in the contactless field do not end the payment: the terminal asks for one card and goes
 * on waiting, within the same card time-out.
 */
export async function readOneCard(ctx: TerminalContext): Promise<PresentedCard> {
  const deadline = ctx.clock.now() + ctx.settings.cardTimeoutMs
  for (;;) {
    ctx.checkAborted?.()
    try {
      return await ctx.face.waitForCard(Math.max(0, deadline - ctx.clock.now()))
    } catch (error) {
      if (!(error instanceof CardCollision)) throw error
      await cashierDisplay(ctx, 'Present one card only')
      ctx.face.show('present one card', ['Present one card only'])
    }
  }
}

export async function promptCardRemoval(ctx: TerminalContext): Promise<void> {
  if (!ctx.face.cardInReader) return
  await cashierDisplay(ctx, 'Remove card')
  ctx.face.show('remove card', ['Remove card'])
}

/** Chip always asks for the PIN; contactless only above the CVM limit; our swiped test cards verify by online PIN. */
export function needsPin(ctx: TerminalContext, presented: PresentedCard, amountMinor: number): boolean {
  if (presented.entry === 'contactless') return amountMinor > ctx.settings.contactlessCvmLimit.minor
  return true
}

/** Wrong PINs stay inside the terminal: only prompts reach the register. */
export async function verifyPin(ctx: TerminalContext, presented: PresentedCard): Promise<boolean> {
  for (let attempt = 1; attempt <= ctx.settings.pinTries; attempt++) {
    ctx.face.show('enter PIN', attempt === 1 ? ['Enter PIN'] : ['Wrong PIN', 'Enter PIN again'])
    ctx.checkAborted?.()
    const pin = await ctx.face.waitForPin(ctx.settings.pinTimeoutMs)
    if (pin === presented.card.pin) return true
  }
  return false
}

export async function decline(
  ctx: TerminalContext, request: CardServiceRequest, presented: PresentedCard, actionCode: string,
  respond: (r: OverallResult, extra?: Partial<CardServiceResponse>) => CardServiceResponse,
): Promise<CardServiceResponse> {
  await ctx.devices.output({ target: 'CashierDisplay', textLines: [{ text: 'Declined', row: 0 }, { text: describeActionCode(actionCode), row: 1 }] })
  ctx.face.show('declined', ['Declined'])
  return respond('Failure', { tender: { totalAmount: request.totalAmount, authorisation: { cardPan: maskPan(presented.card.pan), cardCircuit: presented.card.circuit, actionCode } } })
}

/** The customer receipt and the merchant copy of this payment. */
function ticketLines(ctx: TerminalContext, request: CardServiceRequest, presented: PresentedCard, stan: string, decision: HostDecision): { customer: TextLine[]; merchant: TextLine[] } {
  const facts = {
    terminalId: ctx.settings.terminalId, merchant: ctx.settings.merchant, atMs: ctx.clock.now(), card: presented.card,
    entry: presented.entry, amount: request.totalAmount!, stan, approved: decision.approved, actionCode: decision.actionCode,
    approvalCode: decision.approvalCode, testHost: ctx.settings.testHost,
  }
  const lines = (copy: 'CUSTOMER COPY' | 'MERCHANT COPY') => receiptLines({ ...facts, copy }).map((text) => ({ text }))
  return { customer: lines('CUSTOMER COPY'), merchant: lines('MERCHANT COPY') }
}
