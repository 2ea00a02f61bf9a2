import { isoTimestamp } from '../src/clock/clock'
import type { AccessAttempt } from '../src/ecr/peripherals/journal-access'
import type { IntegrityReport } from '../src/ecr/peripherals/journal-chain'

/** The journal's integrity check and who tried to read it, as a tester reads them in the report. */
export function integrityText(report: IntegrityReport, attempts: readonly AccessAttempt[]): string {
  const lines = [`Integrity check over ${report.links} chain links: ${report.intact ? 'intact' : 'BROKEN'}`]
  for (const p of report.problems) lines.push(`  link ${p.seq}${p.table ? ` ${p.table} ${p.key ?? ''}` : ''}: ${p.reason}`)
  lines.push('', attempts.length ? 'Journal access:' : 'Nobody tried to open the journal.')
  for (const a of attempts) lines.push(`  ${isoTimestamp(a.atMs)} ${a.user}: ${a.granted ? 'granted' : `refused (${a.reason ?? '?'})`}`)
  return lines.join('\n')
}
