/**
 * Failure codes of the CCV SoftPOS SDK, as CCV's SDK documentation names them. Only these five are public;
 * `TERMINAL_NOT_INSTALLED` is ours (CCV's code for "no terminal in the app" is not public) and has no number.
 */
export interface SoftposFailure {
  code?: number
  name: string
  /** Said by the SoftPOS app or the host, for people; never a card number. */
  reason?: string
}

export const SOFTPOS_NOT_INSTALLED: SoftposFailure = { code: 11000, name: 'SOFTPOS_NOT_INSTALLED' }
export const ACTIVATION_PAYLOAD_INVALID: SoftposFailure = { code: 11002, name: 'ACTIVATION_PAYLOAD_INVALID' }
export const NETWORK_ERROR: SoftposFailure = { code: 11004, name: 'NETWORK_ERROR' }
export const APP_BUSY_WITH_PREVIOUS_REQUEST: SoftposFailure = { code: 11012, name: 'APP_BUSY_WITH_PREVIOUS_REQUEST' }
export const TRANSACTION_ERROR: SoftposFailure = { code: 13000, name: 'TRANSACTION_ERROR' }
/** Assumption: the SDK's answer when the app has no terminal installed; CCV's code is not public. */
export const TERMINAL_NOT_INSTALLED: SoftposFailure = { name: 'TERMINAL_NOT_INSTALLED' }

export function failureLabel(failure: SoftposFailure): string {
  return failure.code === undefined ? failure.name : `${failure.code} ${failure.name}`
}
