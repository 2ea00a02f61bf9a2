import { describeMoney, type Money } from '../../opi/money'
import type { TransactionView } from '../api/ccv-backend'
import { failureLabel, type SoftposFailure } from '../failure-codes'

/** What a message on the POS app's screen means, so scenarios check meaning and not wording. */
export type PosMessageKind =
  | 'ready' | 'already installed' | 'installing' | 'installation failed' | 'uninstalled' | 'no terminal'
  | 'softpos app missing' | 'terminal not installed' | 'reinstall terminal' | 'processing' | 'waiting for app' | 'paid'
  | 'declined' | 'cancelled' | 'failed' | 'contact ccv' | 'checking earlier payment' | 'refused'

export interface PosMessage {
  atMs: number
  kind: PosMessageKind
  text: string
}

const INSTALL_APP = 'Install "CCV SoftPOS" from the Google Play Store, then install the terminal again in Settings > SoftPOS terminal.'
const INSTALL_TERMINAL = 'Install the terminal again in Settings > SoftPOS terminal; the POS app fetches a new installation code.'

/** A failure code in words, for the merchant: what happened and what to do next. */
export function failureInWords(failure: SoftposFailure): { kind: PosMessageKind; text: string } {
  const code = failureLabel(failure)
  switch (failure.code ?? failure.name) {
    case 11000: return { kind: 'softpos app missing', text: `The CCV SoftPOS app is not installed on this phone (${code}). ${INSTALL_APP}` }
    case 11002: return { kind: 'installation failed', text: `The installation code was not accepted (${code}). Nothing was changed; try again, and the POS app fetches a new installation code.` }
    case 11004: return { kind: 'installation failed', text: `The phone could not reach CCV (${code}). Check the internet connection, then try again.` }
    case 11012: return { kind: 'waiting for app', text: `The CCV SoftPOS app is still finishing the previous payment (${code}); waiting, then trying again.` }
    case 'TERMINAL_NOT_INSTALLED': return { kind: 'reinstall terminal', text: `The CCV SoftPOS app holds no usable terminal (its data was cleared, or the terminal was installed on another phone). ${INSTALL_TERMINAL}` }
    default: return { kind: 'failed', text: `The SoftPOS app could not take the payment (${code}${failure.reason ? `: ${failure.reason}` : ''}).` }
  }
}

/** The final status of a payment in words. */
export function outcomeInWords(amount: Money, tx: TransactionView): { kind: PosMessageKind; text: string } {
  const other = 'Nothing was charged. Try again or take another payment method.'
  if (tx.status === 'success') return { kind: 'paid', text: `Paid: ${describeMoney(amount)} (CCV reference ${tx.reference}).` }
  if (tx.status === 'manualintervention') return { kind: 'contact ccv', text: `The payment needs a manual check: contact the CCV helpdesk with reference ${tx.reference} before taking this order again.` }
  if (tx.status === 'pending') return { kind: 'contact ccv', text: `CCV has not confirmed the payment yet: the order stays open. If this lasts, contact the CCV helpdesk with reference ${tx.reference}.` }
  if (tx.failure?.name === 'CANCELLED') return { kind: 'cancelled', text: `Payment cancelled on the phone. ${other}` }
  if (tx.failure?.code === 13000) return { kind: 'declined', text: `Declined (${failureLabel(tx.failure)}${tx.failure.reason ? `: ${tx.failure.reason}` : ''}). ${other}` }
  return { kind: 'failed', text: `The payment failed${tx.failure ? ` (${failureLabel(tx.failure)}${tx.failure.reason ? `: ${tx.failure.reason}` : ''})` : ''}. ${other}` }
}

export const TEXTS = {
  noTerminal: 'No SoftPOS terminal is installed: payments are off. Install one in Settings > SoftPOS terminal.',
  terminalGone: (terminalId: string) => `Terminal ${terminalId} is no longer installed (it was uninstalled outside this app). Nothing was charged. ${INSTALL_TERMINAL}`,
  ready: (terminalId: string) => `Terminal ${terminalId} installed: ready for payments.`,
  alreadyInstalled: (terminalId: string) => `Terminal ${terminalId} is already installed on this phone: ready for payments.`,
  installing: (terminalId: string) => `Installing terminal ${terminalId}...`,
  uninstalled: (terminalId: string) => `Terminal ${terminalId} uninstalled: payments are off until a terminal is installed again.`,
  processing: (amount: Money) => `Processing ${describeMoney(amount)}: the customer taps their card on the phone.`,
  unreachable: (orderId: number, reference?: string) => `CCV cannot be reached: the outcome of the payment for order ${orderId}${reference ? ` (reference ${reference})` : ''} is unknown. Do not take the order again; the app asks CCV when it starts next. If this lasts, contact the CCV helpdesk.`,
  checking: (reference: string) => `Checking the payment with reference ${reference} that was running when the app stopped; nothing else until it is known.`,
} as const
