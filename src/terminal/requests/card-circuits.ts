import { CARD_PROFILES } from '../cards'
import { serviceAnswer, type ServiceHandler } from './terminal-context'

/** The brands this terminal accepts, code and the name a cashier would read, from its card table. */
export const getCardCircuits: ServiceHandler = (ctx, request) => {
  const circuits = Object.values(CARD_PROFILES).map((card) => ({ code: card.circuit, displayName: card.name }))
  return Promise.resolve(serviceAnswer(ctx, request, 'Success', { cardCircuits: circuits }))
}
