import { isoTimestamp } from '../../clock/clock'
import type { DeviceState, ReconciliationTotal, ServiceRequest, ServiceResponse } from '../../opi/messages'
import { formatDecimal, money, type Money } from '../../opi/money'
import type { AcquiringHost, HostReservation } from '../acquiring-host'
import { EcrDeviceUnavailable } from '../ecr-device-link'
import { serviceAnswer, type ServiceContext, type ServiceHandler } from './terminal-context'

/** One movement of money the period counts: a circuit, a direction and an amount. */
interface Counted {
  circuit: string
  credit: boolean
  amount: Money
}

/**
 * The terminal's accounting period: approved authorisations in the host's ledger since the last
 * closure, and the reservations captured since then (a completion of a pre-authorisation takes the
 * captured amount from the card, as a payment does). A closure (Z report) starts a new period; an X
 * report only reads the running one.
 * Each circuit has one total for the money taken from cardholders (PaymentType Debit: payments and
 * captures) and one for the refunds (PaymentType Credit: money given back), never netted, so a refund
 * can be found in the report; reversed payments and released reservations are left out (they moved no
 * money). NumberPayments counts the transactions behind each total. A capture counts in the period in
 * which it was captured, whenever its reservation was made.
 */
export class SettlementPeriod {
  private firstEntry = 0
  /** Captures already counted in a closed period: the host keeps every reservation, captured or not. */
  private readonly closedCaptures = new Set<HostReservation>()
  private closures = 0

  constructor(private readonly host: AcquiringHost) {}

  /** Totals per card circuit and direction, in the order they were first used (payments before captures). */
  totals(): ReconciliationTotal[] {
    const totals = new Map<string, ReconciliationTotal>()
    for (const { circuit, credit, amount } of this.counted()) {
      const paymentType = credit ? 'Credit' : 'Debit'
      const key = `${circuit} ${paymentType}`
      const total = totals.get(key) ?? { amount: money(0, amount.currency), cardCircuit: circuit, paymentType, numberPayments: 0 }
      totals.set(key, { ...total, amount: money(total.amount.minor + amount.minor, total.amount.currency), numberPayments: (total.numberPayments ?? 0) + 1 })
    }
    return [...totals.values()]
  }

  close(): number {
    this.firstEntry = this.host.ledger.length
    for (const reservation of this.capturesOfPeriod()) this.closedCaptures.add(reservation)
    return ++this.closures
  }

  private counted(): Counted[] {
    const authorised = this.host.ledger.slice(this.firstEntry)
      .filter((entry) => entry.decision.approved && !entry.reversed)
      .map((entry) => ({ circuit: entry.circuit, credit: entry.credit === true, amount: entry.amount }))
    const captured = this.capturesOfPeriod().map((r) => ({ circuit: r.circuit, credit: false, amount: r.captured! }))
    return [...authorised, ...captured]
  }

  /** Reservations captured for more than 0.00 (a 0.00 completion releases) and not yet in a closed period. */
  private capturesOfPeriod(): HostReservation[] {
    return this.host.reservations.filter((r) => r.state === 'captured' && r.captured !== undefined && r.captured.minor > 0 && !this.closedCaptures.has(r))
  }
}

const printable = (state: DeviceState | undefined) => state === undefined || state === 'Available' || state === 'PaperLow'

function reportLines(ctx: ServiceContext, title: string, totals: ReconciliationTotal[], atMs: number): string[] {
  const lines = [ctx.settings.merchant, title, `Terminal ${ctx.settings.terminalId}`, isoTimestamp(atMs).replace('T', ' '), '']
  for (const t of totals) lines.push(`${t.cardCircuit ?? '?'} ${t.paymentType ?? ''} ${t.numberPayments ?? 0}x ${formatDecimal(t.amount)} ${t.amount.currency}`)
  if (totals.length === 0) lines.push('No transactions')
  return lines
}

async function reconcile(ctx: ServiceContext, request: ServiceRequest, closing: boolean): Promise<ServiceResponse> {
  if (ctx.busy) return serviceAnswer(ctx, request, 'Busy')
  const totals = ctx.period.totals()
  const atMs = ctx.clock.now()
  if (printable(request.posData.printerStatus)) {
    const title = closing ? 'PERIOD CLOSING (Z)' : 'TOTALS (X)'
    try {
      const printed = await ctx.devices().output({ target: 'Printer', textLines: reportLines(ctx, title, totals, atMs).map((text) => ({ text })) })
      // A report that did not come out (paper jam) leaves the period open, as a missing printer does.
      if (closing && printed.overallResult !== 'Success') return serviceAnswer(ctx, request, 'Failure', { privateData: { errorText: `the closing report was not printed (${printed.overallResult})` } })
    } catch (error) {
      // The totals are still the terminal's; without a printed report the period stays open.
      if (!(error instanceof EcrDeviceUnavailable)) throw error
      return serviceAnswer(ctx, request, 'Failure', { privateData: { errorText: error.message } })
    }
  }
  if (closing) ctx.period.close()
  return serviceAnswer(ctx, request, 'Success', {
    terminal: { terminalId: ctx.settings.terminalId, stan: ctx.nextStan() },
    authorisation: { timeStamp: isoTimestamp(atMs) },
    reconciliation: { languageCode: request.posData.languageCode, totals },
  })
}

/** X report: the running totals, printed; nothing is reset. */
export const reconciliation: ServiceHandler = (ctx, request) => reconcile(ctx, request, false)

/** Z report: the same, then a new period starts. */
export const reconciliationWithClosure: ServiceHandler = (ctx, request) => reconcile(ctx, request, true)
