import type { CardServiceRequest } from '../../opi/messages'
import { describeMoney } from '../../opi/money'

/** Requests that move money named by TotalAmount; a completion of 0.00 releases a reservation, so zero is allowed there. */
const ZERO_ALLOWED = new Set<CardServiceRequest['requestType']>(['CardFinancialAdvice'])
const CARRIES_AMOUNT = new Set<CardServiceRequest['requestType']>(['CardPayment', 'PaymentRefund', 'CardPreAuthorisation', 'CardFinancialAdvice'])

/**
 * The amount checks a real terminal makes before it asks for a card, whatever the register let
 * through: a positive amount in the terminal's own currency. More than two decimals never gets this far
 * (the codec refuses it as a ValidationError). Answers which rule was broken, or undefined.
 */
export function amountRuleBroken(request: CardServiceRequest, currency: string): string | undefined {
  const amount = request.totalAmount
  if (!amount || !CARRIES_AMOUNT.has(request.requestType)) return undefined
  const what = `TotalAmount ${describeMoney(amount)}`
  if (amount.minor < 0) return `${what}: an amount cannot be negative (money back is a PaymentRefund of a positive amount)`
  if (amount.minor === 0 && !ZERO_ALLOWED.has(request.requestType)) return `${what}: an amount must be above zero`
  if (amount.currency !== currency) return `${what}: this terminal takes ${currency} only`
  return undefined
}
