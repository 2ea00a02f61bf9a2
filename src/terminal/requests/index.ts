import { runCardValidation } from './card-validation'
import { runCardFinancialAdvice } from './card-financial-advice'
import { runCardPayment } from './card-payment'
import { getCardCircuits } from './card-circuits'
import { runCardPreAuthorisation } from './card-pre-authorisation'
import { getStatus } from './get-status'
import { login, logoff } from './login'
import { runPaymentRefund } from './payment-refund'
import { runPaymentReversal } from './payment-reversal'
import { reconciliation, reconciliationWithClosure } from './reconciliation'
import { repeatLastMessage } from './repeat-last-message'
import { ticketReprint } from './ticket-reprint'
import type { CardServiceHandlers, ServiceHandlers } from './terminal-context'
import { runUnattendedCardPayment } from './unattended-card-payment'

/** The CardServiceRequest types the simulated terminal understands; anything else is answered Failure. */
export const CARD_SERVICE_HANDLERS: CardServiceHandlers = {
  CardPayment: runCardPayment,
  PaymentRefund: runPaymentRefund,
  PaymentReversal: runPaymentReversal,
  RepeatLastMessage: repeatLastMessage,
  TicketReprint: ticketReprint,
}

/** The ServiceRequest types it understands; anything else is answered Failure. */
export const SERVICE_HANDLERS: ServiceHandlers = {
  GetStatus: getStatus,
  Login: login,
  Logoff: logoff,
  GetCardCircuits: getCardCircuits,
  Reconciliation: reconciliation,
  ReconciliationWithClosure: reconciliationWithClosure,
}

/** In the unattended profile these take precedence: no cashier, a machine that delivers. */
export const UNATTENDED_CARD_SERVICE_HANDLERS: CardServiceHandlers = {
  CardPayment: runUnattendedCardPayment,
  CardPreAuthorisation: runCardPreAuthorisation,
  CardFinancialAdvice: runCardFinancialAdvice,
  CardValidation: runCardValidation,
}
