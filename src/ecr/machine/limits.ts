import { money, type Money } from '../../opi/money'

/**
 * The amounts an acquirer contract sets for an unattended terminal. The terminal applies the
 * contactless limit (no cardholder verification up to it); the machine applies the maximum before it
 * asks the terminal for anything, so a sale above it never reaches a card reader.
 */
export interface LimitProfile {
  /** Contactless payments up to and including this amount need no PIN. */
  contactlessNoCvmLimit: Money
  /** The highest amount one unattended transaction may have. */
  unattendedMaximum: Money
}

/** CCV's usual profile for unattended terminals (catalogue, groups G and H). */
export const DEFAULT_LIMIT_PROFILE: LimitProfile = { contactlessNoCvmLimit: money(5000), unattendedMaximum: money(30000) }

/** Whether an amount may be asked of the terminal at all. */
export function withinMaximum(profile: LimitProfile, amount: Money): boolean {
  return amount.currency === profile.unattendedMaximum.currency && amount.minor <= profile.unattendedMaximum.minor
}
