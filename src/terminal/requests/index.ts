import { runCardPayment } from './card-payment'
import type { CardServiceHandlers } from './terminal-context'

/** The CardServiceRequest types the simulated terminal understands; anything else is answered Failure. */
export const CARD_SERVICE_HANDLERS: CardServiceHandlers = {
  CardPayment: runCardPayment,
}
