import { isoTimestamp } from '../../clock/clock'
import type { CardServiceRequest, CardServiceResponse } from '../../opi/messages'
import { describeMoney } from '../../opi/money'
import { cardToken, HostUnreachable } from '../acquiring-host'
import { maskPan } from '../cards'
import { phrase } from '../unattended/unattended-texts'
import type { TerminalContext } from './terminal-context'
import { conversationFor, endedEarly, readCard } from './unattended-cardholder'

/**
 * A reservation before delivery (fuel, EV charging): read the card, reserve on the host, answer with
 * the amount actually approved, which with partial approval may be less than requested. Nothing is
 * printed yet: the ticket shows what the completion captures.
 */
export async function runCardPreAuthorisation(ctx: TerminalContext, request: CardServiceRequest): Promise<CardServiceResponse> {
  const requested = request.totalAmount!
  const talk = conversationFor(ctx, request)
  try {
    const presented = await readCard(ctx, talk, requested)
    if (!presented) {
      await talk.say('declined')
      ctx.face.show('declined', [phrase(talk.language, 'declined')])
      return talk.respond('Failure', { tender: { totalAmount: requested, authorisation: { actionCode: '75' } } })
    }
    ctx.enter('authorising')
    await talk.say('please wait')
    ctx.face.show('wait', [phrase(talk.language, 'please wait')])
    const stan = ctx.nextStan()
    const decision = await ctx.host.reserve(stan, requested, presented.card, ctx.settings.partialApproval)
    const approved = decision.approvedAmount ?? requested
    const authorisation = {
      acquirerId: '0027', timeStamp: isoTimestamp(ctx.clock.now()), approvalCode: decision.approvalCode,
      cardPan: maskPan(presented.card.pan), cardCircuit: presented.card.circuit, receiptNumber: String(Number(stan)),
      actionCode: decision.actionCode, authorisationType: 'Online',
    }
    ctx.enter('printing')
    await talk.say(decision.approved ? 'reserved' : 'declined', describeMoney(approved))
    ctx.face.show(decision.approved ? 'approved' : 'declined', [phrase(talk.language, decision.approved ? 'reserved' : 'declined')])
    if (presented.entry === 'chip') ctx.face.show('remove card', [phrase(talk.language, 'remove card')])
    return talk.respond(decision.approved ? 'Success' : 'Failure', {
      terminal: { terminalId: ctx.settings.terminalId, stan },
      tender: { totalAmount: approved, authorisation },
      // The machine recognises the session's card by this token when it is presented again (UNA-E13).
      privateData: { cardToken: cardToken(presented.card) },
    })
  } catch (error) {
    if (error instanceof HostUnreachable) return talk.respond('TimedOut', { privateData: { errorText: 'host not reachable' } })
    return endedEarly(ctx, talk, error)
  }
}
