/** An amount in minor units (cents), so arithmetic on money is exact. */
export interface Money {
  readonly minor: number
  readonly currency: string
}

export const EUR = 'EUR'

export function money(minor: number, currency = EUR): Money {
  return { minor, currency }
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,2}))?$/

/**
 * Reads a plain decimal amount as OPI and CCV's catalogue write it ("10.00", "39.5"). Thousands
 * separators and a decimal comma are refused: CCV case C1F checks that none ever reaches the wire.
 */
export function parseDecimal(text: string, currency = EUR): Money {
  const m = DECIMAL.exec(text.trim())
  if (!m) throw new Error(`"${text}" is not a plain decimal amount such as 12.34`)
  const minor = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'))
  if (!Number.isSafeInteger(minor)) throw new Error(`"${text}" is too large to be an amount`)
  return money(m[1] ? -minor : minor, currency)
}

/** The wire form: decimal point, two decimals, no separators ("1234.56"). */
export function formatDecimal(amount: Money): string {
  const sign = amount.minor < 0 ? '-' : ''
  const abs = Math.abs(amount.minor)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** For people: "10.00 EUR". */
export function describeMoney(amount: Money): string {
  return `${formatDecimal(amount)} ${amount.currency}`
}

export function sameMoney(a: Money, b: Money): boolean {
  return a.minor === b.minor && a.currency === b.currency
}
