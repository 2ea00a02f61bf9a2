import { acceptedCards } from './card-acceptance'
import { serviceAnswer, type ServiceHandler } from './terminal-context'

/** The brands this terminal accepts (its acquirer contracts), code and the name a cardholder would read. */
export const getCardCircuits: ServiceHandler = (ctx, request) => {
  const circuits = acceptedCards(ctx.settings).map((card) => ({ code: card.circuit, displayName: card.name }))
  return Promise.resolve(serviceAnswer(ctx, request, 'Success', { cardCircuits: circuits }))
}
