import { TimeoutError, isoTimestamp, sleep } from '../../clock/clock'
import type { Authorisation, CardServiceRequest, CardServiceResponse, OverallResult, TextLine } from '../../opi/messages'
import { describeActionCode } from '../../opi/action-codes'
import { HostUnreachable, type HostDecision } from '../acquiring-host'
import { maskPan } from '../cards'
import { EcrDeviceUnavailable } from '../ecr-device-link'
import { CardCollision, CardholderStopped, type PresentedCard } from '../terminal-face'
import { AbortedByEcr } from './abort'
import type { TerminalContext } from './terminal-context'
import { printAndKeepTicket } from './ticket-keeping'

/**
 * The attended terminal's side of the cardholder, shared by every request that reads a card (payment,
 * refund): prompts on the cashier display and the terminal's own screen, the card, the PIN, the host,
 * and how a request ends early.
 */

export type Respond = (overallResult: OverallResult, extra?: Partial<CardServiceResponse>) => CardServiceResponse

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

export async function decline(ctx: TerminalContext, request: CardServiceRequest, presented: PresentedCard, actionCode: string, respond: Respond): Promise<CardServiceResponse> {
  await ctx.devices.output({ target: 'CashierDisplay', textLines: [{ text: 'Declined', row: 0 }, { text: describeActionCode(actionCode), row: 1 }] })
  ctx.face.show('declined', ['Declined'])
  return respond('Failure', { tender: { totalAmount: request.totalAmount, authorisation: { cardPan: maskPan(presented.card.pan), cardCircuit: presented.card.circuit, actionCode } } })
}

/**
 * Asks for a card, reads exactly one and verifies the cardholder; a card whose PIN is never right is
 * declined here (action code 75) and the answer comes back instead of the card.
 */
export async function readAndVerifyCard(
  ctx: TerminalContext, request: CardServiceRequest, cashierPrompt: string[], respond: Respond, screenPrompt = cashierPrompt,
): Promise<PresentedCard | CardServiceResponse> {
  await takeBackPreviousCard(ctx)
  ctx.enter('waiting for card')
  await cashierDisplay(ctx, ...cashierPrompt)
  ctx.face.show('present card', screenPrompt)
  const presented = await readOneCard(ctx)
  if (needsPin(ctx, presented, request.totalAmount!.minor)) {
    ctx.enter('waiting for PIN')
    await cashierDisplay(ctx, 'Cardholder enters PIN')
    if (!(await verifyPin(ctx, presented))) return decline(ctx, request, presented, '75', respond)
  }
  return presented
}

/**
 * The point of no return: after the last abort check the host is asked. An unreachable host ends the
 * request TimedOut ("not completed"), which a register must not book as a decline.
 */
export async function askHost(
  ctx: TerminalContext, stan: string, what: 'Payment' | 'Refund', call: () => Promise<HostDecision>, respond: Respond,
): Promise<HostDecision | CardServiceResponse> {
  ctx.checkAborted?.()
  ctx.enter('authorising')
  await cashierDisplay(ctx, 'Processing', 'please wait')
  ctx.face.show('wait', ['Please wait'])
  try {
    return await call()
  } catch (error) {
    if (!(error instanceof HostUnreachable)) throw error
    await cashierDisplay(ctx, 'Host not reachable', `${what} not completed`)
    ctx.face.show('declined', ['Not completed'])
    return respond('TimedOut', { terminal: { terminalId: ctx.settings.terminalId, stan }, privateData: { errorText: 'host not reachable' } })
  }
}

/** What the terminal reports of an authorisation: never more of the card number than its last four digits. */
export function authorisationOf(ctx: TerminalContext, presented: PresentedCard, stan: string, decision: HostDecision): Authorisation {
  return {
    acquirerId: '0027', timeStamp: isoTimestamp(ctx.clock.now()), approvalCode: decision.approvalCode,
    cardPan: maskPan(presented.card.pan), cardCircuit: presented.card.circuit, receiptNumber: String(Number(stan)),
    actionCode: decision.actionCode, authorisationType: 'Online',
  }
}

/**
 * The end of an authorised request: the ticket is printed (past the point of no return), both screens
 * say how it ended, and the answer carries the trace number and the masked card.
 */
export async function printAndAnswer(
  ctx: TerminalContext, request: CardServiceRequest, presented: PresentedCard, stan: string, decision: HostDecision,
  ticket: { customer: TextLine[]; merchant: TextLine[] }, approvedLines: string[], respond: Respond,
): Promise<CardServiceResponse> {
  ctx.enter('printing')
  await printAndKeepTicket(ctx, request.requestId, request.posData, ticket.customer, ticket.merchant)
  if (decision.approved) {
    await cashierDisplay(ctx, ...approvedLines)
    ctx.face.show('approved', [approvedLines[0]])
  } else {
    await cashierDisplay(ctx, 'Declined', describeActionCode(decision.actionCode))
    ctx.face.show('declined', ['Declined'])
  }
  return respond(decision.approved ? 'Success' : 'Failure', {
    terminal: { terminalId: ctx.settings.terminalId, stan },
    tender: { totalAmount: decision.approvedAmount ?? request.totalAmount, authorisation: authorisationOf(ctx, presented, stan, decision) },
  })
}

/** Stop, an accepted abort, a time-out or a register that stopped answering end a request before the host. */
export async function endedEarly(ctx: TerminalContext, error: unknown, respond: Respond): Promise<CardServiceResponse> {
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
