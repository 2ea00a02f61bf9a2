import { isoTimestamp } from '../src/clock/clock'
import type { AccessAttempt } from '../src/ecr/peripherals/journal-access'
import type { IntegrityReport } from '../src/ecr/peripherals/journal-chain'
import { describeMoney } from '../src/opi/money'
import type { UnattendedRig } from './unattended-rig'

/** The journal's integrity check and who tried to read it, as a tester reads them in the report. */
export function integrityText(report: IntegrityReport, attempts: readonly AccessAttempt[]): string {
  const lines = [`Integrity check over ${report.links} chain links: ${report.intact ? 'intact' : 'BROKEN'}`]
  for (const p of report.problems) lines.push(`  link ${p.seq}${p.table ? ` ${p.table} ${p.key ?? ''}` : ''}: ${p.reason}`)
  lines.push('', attempts.length ? 'Journal access:' : 'Nobody tried to open the journal.')
  for (const a of attempts) lines.push(`  ${isoTimestamp(a.atMs)} ${a.user}: ${a.granted ? 'granted' : `refused (${a.reason ?? '?'})`}`)
  return lines.join('\n')
}

/** What happened after the sale, from the rig's witnesses: e-receipts as the receipt service got them, erasures, closings, notices. */
export function afterSaleText(rig: UnattendedRig): string | undefined {
  const parts: string[] = []
  const received = rig.receiptService?.received ?? []
  if (rig.receiptService) parts.push(`E-receipts received by the receipt service (${received.length}):`, ...received.flatMap((r) => [`  to ${r.to}, request ${r.requestId}, code ${r.trackingToken}`, ...r.lines.map((l) => `    ${l}`)]))
  const erasures = rig.receiptStore?.erasures() ?? []
  if (rig.receiptStore) parts.push('', `Receipt erasures (${erasures.length}):`, ...erasures.map((e) => `  ${isoTimestamp(e.atMs)} session ${e.sessionId}, request ${e.requestId}`))
  const closings = rig.closingReports?.all() ?? []
  if (closings.length) {
    parts.push('', 'Closed periods:')
    for (const c of closings) {
      parts.push(`  shift ${c.shiftNumber}, ${isoTimestamp(c.closedAtMs)}, by ${c.trigger}, journal ${c.matchesJournal ? 'agrees' : 'DIFFERS'}`)
      for (const t of c.terminalTotals) parts.push(`    ${t.cardCircuit} ${t.count}x ${describeMoney(t.amount)}`)
    }
  }
  const notices = [...(rig.machine.receiptDesk?.notices ?? []), ...rig.machine.notices]
  if (notices.length) parts.push('', 'Operator notices:', ...notices.map((n) => `  ${isoTimestamp(n.atMs)} ${n.what}${n.reason ? `: ${n.reason}` : ''}`))
  return parts.length ? parts.join('\n') : undefined
}
