import { TimeoutError } from '../../clock/clock'
import type { CardServiceRequest, CardServiceResponse, OverallResult } from '../../opi/messages'
import { describeMoney, type Money } from '../../opi/money'
import { EcrDeviceUnavailable } from '../ecr-device-link'
import { CardholderStopped, type PresentedCard } from '../terminal-face'
import { AbortedByEcr } from './abort'
import { phrase, terminalLanguage, type TerminalPhrase } from '../unattended/unattended-texts'
import { CardNotAccepted, notAcceptedAuthorisation, refuseUnlessAccepted } from './card-acceptance'
import { needsPin, verifyPin } from './card-reading'
import { answer, type TerminalContext } from './terminal-context'

/**
 * The cardholder's side of an unattended transaction: with no cashier, every prompt goes to the
 * machine's customer display, in the cardholder's language.
 */
export interface UnattendedConversation {
  language: string
  say(key: TerminalPhrase, ...extra: string[]): Promise<unknown>
  respond(overallResult: OverallResult, extra?: Partial<CardServiceResponse>): CardServiceResponse
}

export function conversationFor(ctx: TerminalContext, request: CardServiceRequest): UnattendedConversation {
  const language = terminalLanguage(ctx.settings.languages, request.posData.languageCode)
  const target = ctx.settings.operatingEnvironment === 'unattended' ? 'CustomerDisplay' : 'CashierDisplay'
  return {
    language,
    say: (key, ...extra) => ctx.devices.output({ target, textLines: [phrase(language, key), ...extra].map((text, row) => ({ text, row })) }),
    respond: (overallResult, extra = {}) => answer(ctx, request, overallResult, extra),
  }
}

/** Asks for the card and, where the card needs it, the PIN. Undefined: the PIN was wrong too often. */
export async function readCard(ctx: TerminalContext, talk: UnattendedConversation, amount: Money): Promise<PresentedCard | undefined> {
  ctx.enter('waiting for card')
  await talk.say('present card', describeMoney(amount))
  ctx.face.show('present card', [phrase(talk.language, 'present card'), describeMoney(amount)])
  let presented = refuseUnlessAccepted(ctx.settings, await ctx.face.waitForCard(ctx.settings.cardTimeoutMs))
  if (presented.entry === 'chip' && ctx.face.unreadableChips.has(presented.card.name)) {
    // Chip read failed: the terminal falls back to the magnetic stripe, with a fresh card timeout.
    await talk.say('swipe card')
    ctx.face.show('swipe card', [phrase(talk.language, 'swipe card')])
    presented = refuseUnlessAccepted(ctx.settings, await ctx.face.waitForCard(ctx.settings.cardTimeoutMs))
  }
  if (!needsPin(ctx, presented, amount.minor)) return presented
  ctx.enter('waiting for PIN')
  await talk.say('enter PIN')
  return (await verifyPin(ctx, presented)) ? presented : undefined
}

/** How the cardholder's part can end early: Stop, walking away, or a machine that stopped answering. */
export async function endedEarly(ctx: TerminalContext, talk: UnattendedConversation, error: unknown): Promise<CardServiceResponse> {
  // The cardholder's Stop key and the machine's accepted AbortRequest end the same way.
  if (error instanceof CardholderStopped || error instanceof AbortedByEcr) {
    ctx.face.show('cancelled', [phrase(talk.language, 'cancelled')])
    await talk.say('cancelled').catch(() => undefined)
    return talk.respond('Aborted')
  }
  if (error instanceof TimeoutError) {
    ctx.face.show('cancelled', [phrase(talk.language, 'time-out')])
    await talk.say('time-out').catch(() => undefined)
    return talk.respond('TimedOut')
  }
  if (error instanceof CardNotAccepted) {
    ctx.face.show('declined', [phrase(talk.language, 'card not accepted')])
    await talk.say('card not accepted').catch(() => undefined)
    return talk.respond('Failure', { tender: { authorisation: notAcceptedAuthorisation(error.card) }, privateData: { errorText: error.message } })
  }
  if (error instanceof EcrDeviceUnavailable) return talk.respond('Failure', { privateData: { errorText: error.message } })
  throw error
}
