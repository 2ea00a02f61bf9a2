import type { CardServiceRequest, CardServiceResponse } from '../../opi/messages'
import { cardToken } from '../acquiring-host'
import { maskPan } from '../cards'
import { phrase } from '../unattended/unattended-texts'
import type { TerminalContext } from './terminal-context'
import { conversationFor, endedEarly } from './unattended-cardholder'

/**
 * Reads a card without paying (our assumed wire form, dialect `cardIdentification`): a Mifare card is
 * answered with its UID, a payment card with its circuit, masked number and token, never a UID, so a
 * machine cannot take a payment card for a subscription card. Nothing goes to the host.
 */
export async function runCardValidation(ctx: TerminalContext, request: CardServiceRequest): Promise<CardServiceResponse> {
  const talk = conversationFor(ctx, request)
  try {
    ctx.enter('waiting for card')
    await talk.say('present card')
    ctx.face.show('present card', [phrase(talk.language, 'present card')])
    const { card } = await ctx.face.waitForCard(ctx.settings.cardTimeoutMs)
    ctx.face.show('approved', [phrase(talk.language, 'approved')])
    if (card.mifareUid && !card.pan) return talk.respond('Success', { privateData: { mifareUid: card.mifareUid } })
    return talk.respond('Success', {
      tender: { authorisation: { cardCircuit: card.circuit, cardPan: maskPan(card.pan) } },
      privateData: { cardToken: cardToken(card) },
    })
  } catch (error) {
    return endedEarly(ctx, talk, error)
  }
}
