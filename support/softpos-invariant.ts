import { formatDecimal, money } from '../src/opi/money'
import type { Charge } from '../src/softpos/api/ccv-backend'
import type { Order, PaymentAttempt } from '../src/softpos/pos/order-store'

/** One order as two independent witnesses see it: the POS app's database and CCV's ledger. */
export interface OrderBalance {
  device: string
  order: number
  amount: string
  posSays: Order['state']
  charges: number
  charged: string
  holds: boolean
}

/**
 * The money rule for SoftPOS: exactly one charge of the order's amount for a paid order, none for an
 * unpaid one, and no charge CCV made that belongs to no order of the POS app.
 */
export interface DeviceRecords {
  device: string
  orders: readonly Order[]
  attempts: readonly PaymentAttempt[]
}

export function orderBalances(devices: readonly DeviceRecords[], charges: readonly Charge[]): { rows: OrderBalance[]; stray: Charge[] } {
  const orderOf = new Map(devices.flatMap((d) => d.attempts.map((a) => [a.merchantOrderReference, `${d.device}#${a.orderId}`] as const)))
  const rows = devices.flatMap(({ device, orders }) => orders.map((o) => {
    const mine = charges.filter((c) => orderOf.get(c.merchantOrderReference) === `${device}#${o.id}`)
    const chargedMinor = mine.reduce((sum, c) => sum + c.amount.minor, 0)
    const holds = o.state === 'paid' ? mine.length === 1 && chargedMinor === o.amountMinor : mine.length === 0
    return { device, order: o.id, amount: formatDecimal(money(o.amountMinor, o.currency)), posSays: o.state, charges: mine.length, charged: formatDecimal(money(chargedMinor)), holds }
  }))
  const stray = charges.filter((c) => !orderOf.has(c.merchantOrderReference))
  return { rows, stray }
}

export function orderBalanceTable(rows: readonly OrderBalance[], stray: readonly Charge[]): string {
  return [
    'phone   | order | amount   | POS app says    | charges at CCV | charged  | one charge per paid order, none for an unpaid one',
    ...rows.map((r) => `${r.device.padEnd(7)} | ${String(r.order).padEnd(5)} | ${r.amount.padStart(8)} | ${r.posSays.padEnd(15)} | ${String(r.charges).padStart(14)} | ${r.charged.padStart(8)} | ${r.holds ? 'holds' : 'BROKEN'}`),
    '',
    stray.length ? `Charges at CCV for no order of the POS app:\n${stray.map((c) => `  ${c.reference} ${c.merchantOrderReference} ${formatDecimal(c.amount)}`).join('\n')}` : 'Every charge at CCV belongs to an order of the POS app.',
  ].join('\n')
}
