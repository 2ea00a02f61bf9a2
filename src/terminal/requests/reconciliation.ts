import { isoTimestamp } from '../../clock/clock'
import type { DeviceState, ReconciliationTotal, ServiceRequest, ServiceResponse } from '../../opi/messages'
import { formatDecimal, money } from '../../opi/money'
import type { AcquiringHost } from '../acquiring-host'
import { EcrDeviceUnavailable } from '../ecr-device-link'
import { serviceAnswer, type ServiceContext, type ServiceHandler } from './terminal-context'

/**
 * The terminal's accounting period: approved authorisations in the host's ledger since the last
 * closure. A closure (Z report) starts a new period; an X report only reads the running one.
 * Each circuit has one total for the payments (PaymentType Debit: money taken from cardholders) and
 * one for the refunds (PaymentType Credit: money given back), never netted, so a refund can be
 * found in the report; reversed payments are left out (they moved no money). NumberPayments counts
 * the transactions behind each total.
 */
export class SettlementPeriod {
  private firstEntry = 0
  private closures = 0

  constructor(private readonly host: AcquiringHost) {}

  /** Totals per card circuit and direction, in the order they were first used. */
  totals(): ReconciliationTotal[] {
    const totals = new Map<string, ReconciliationTotal>()
    for (const entry of this.host.ledger.slice(this.firstEntry)) {
      if (!entry.decision.approved || entry.reversed) continue
      const paymentType = entry.credit ? 'Credit' : 'Debit'
      const key = `${entry.circuit} ${paymentType}`
      const total = totals.get(key) ?? { amount: money(0, entry.amount.currency), cardCircuit: entry.circuit, paymentType, numberPayments: 0 }
      totals.set(key, { ...total, amount: money(total.amount.minor + entry.amount.minor, total.amount.currency), numberPayments: (total.numberPayments ?? 0) + 1 })
    }
    return [...totals.values()]
  }

  close(): number {
    this.firstEntry = this.host.ledger.length
    return ++this.closures
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
