import { isoTimestamp } from '../../clock/clock'
import type { CardServiceRequest, CardServiceResponse } from '../../opi/messages'
import { describeMoney } from '../../opi/money'
import { cardToken, HostUnreachable } from '../acquiring-host'
import { maskPan } from '../cards'
import { cardFacts, phrase, unattendedReceiptLines } from '../unattended/unattended-texts'
import type { TerminalContext } from './terminal-context'
import { conversationFor, endedEarly, readCard } from './unattended-cardholder'

/**
 * A fixed-price sale on a vending machine: authorise, then tell the machine to deliver (DeliveryBox)
 * and wait for whether it did. Delivered: the payment stands and the ticket is printed. Not
 * delivered: the host takes the payment back and the answer is Failure, so nothing is charged.
 */
export async function runUnattendedCardPayment(ctx: TerminalContext, request: CardServiceRequest): Promise<CardServiceResponse> {
  const amount = request.totalAmount!
  const talk = conversationFor(ctx, request)
  try {
    const presented = await readCard(ctx, talk, amount)
    if (!presented) {
      await talk.say('declined')
      return talk.respond('Failure', { tender: { totalAmount: amount, authorisation: { actionCode: '75' } } })
    }
    ctx.enter('authorising')
    await talk.say('please wait')
    const stan = ctx.nextStan()
    const decision = await ctx.host.authorise(stan, amount, presented.card, presented.entry)
    const authorisation = {
      acquirerId: '0027', timeStamp: isoTimestamp(ctx.clock.now()), approvalCode: decision.approvalCode,
      cardPan: maskPan(presented.card.pan), cardCircuit: presented.card.circuit, receiptNumber: String(Number(stan)),
      actionCode: decision.actionCode, authorisationType: 'Online',
    }
    const terminal = { terminalId: ctx.settings.terminalId, stan }
    if (!decision.approved) {
      await talk.say('declined')
      ctx.face.show('declined', [phrase(talk.language, 'declined')])
      return talk.respond('Failure', { terminal, tender: { totalAmount: amount, authorisation } })
    }
    ctx.enter('printing')
    await talk.say('take goods', describeMoney(amount))
    const delivery = await ctx.devices.output({ target: 'DeliveryBox', textLines: [] })
    if (delivery.overallResult !== 'Success') {
      ctx.host.reverse(stan)
      await talk.say('not delivered')
      return talk.respond('Failure', { terminal, tender: { totalAmount: amount, authorisation }, privateData: { errorText: 'goods not delivered; payment reversed' } })
    }
    const lines = unattendedReceiptLines({
      language: talk.language, terminalId: ctx.settings.terminalId, merchant: ctx.settings.merchant, atMs: ctx.clock.now(),
      card: cardFacts(presented.card), entry: presented.entry, amount, stan, approvalCode: decision.approvalCode ?? '', testHost: ctx.settings.testHost,
    }).map((text) => ({ text }))
    const pos = request.posData
    if (pos.printerStatus === undefined || pos.printerStatus === 'Available' || pos.printerStatus === 'PaperLow') await ctx.devices.output({ target: 'Printer', textLines: lines })
    if (pos.eJournalStatus === undefined || pos.eJournalStatus === 'Available') await ctx.devices.output({ target: 'E-Journal', textLines: lines })
    await talk.say('paid', describeMoney(amount))
    ctx.face.show('approved', [phrase(talk.language, 'approved')])
    return talk.respond('Success', { terminal, tender: { totalAmount: amount, authorisation }, privateData: { cardToken: cardToken(presented.card) } })
  } catch (error) {
    if (error instanceof HostUnreachable) return talk.respond('TimedOut', { privateData: { errorText: 'host not reachable' } })
    return endedEarly(ctx, talk, error)
  }
}
