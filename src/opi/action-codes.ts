/** ISO-8583 action codes as terminals report them in Authorisation/@ActionCode. */
const REASONS: Record<string, string> = {
  '0': 'approved',
  '1': 'refer to card issuer',
  '4': 'pick up card',
  '5': 'do not honour',
  '12': 'invalid transaction',
  '13': 'invalid amount',
  '14': 'invalid card number',
  '33': 'card expired',
  '51': 'insufficient funds',
  '54': 'card expired',
  '55': 'wrong PIN',
  '57': 'transaction not permitted to cardholder',
  '61': 'amount limit exceeded',
  '65': 'activity limit exceeded',
  '68': 'response received too late',
  '75': 'PIN tries exceeded',
  '91': 'card issuer unavailable',
  '96': 'system malfunction',
}

/** A reason a cashier understands, for any code a terminal may send ("05" and "5" alike). */
export function describeActionCode(code: string): string {
  const normalised = String(Number(code))
  return REASONS[normalised] ?? `declined (action code ${code})`
}
