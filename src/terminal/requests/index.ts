import { runCardFinancialAdvice } from './card-financial-advice'
import { runCardPayment } from './card-payment'
import { runCardPreAuthorisation } from './card-pre-authorisation'
import { getStatus } from './get-status'
import type { CardServiceHandlers, ServiceHandlers } from './terminal-context'
import { runUnattendedCardPayment } from './unattended-card-payment'

/** The CardServiceRequest types the simulated terminal understands; anything else is answered Failure. */
export const CARD_SERVICE_HANDLERS: CardServiceHandlers = {
  CardPayment: runCardPayment,
}

/** The ServiceRequest types it understands; anything else is answered Failure. */
export const SERVICE_HANDLERS: ServiceHandlers = {
  GetStatus: getStatus,
}

/** In the unattended profile these take precedence: no cashier, a machine that delivers. */
export const UNATTENDED_CARD_SERVICE_HANDLERS: CardServiceHandlers = {
  CardPayment: runUnattendedCardPayment,
  CardPreAuthorisation: runCardPreAuthorisation,
  CardFinancialAdvice: runCardFinancialAdvice,
}
