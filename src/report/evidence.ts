import { isoTimestamp } from '../clock/clock'
import type { ConversationEntry } from '../opi/conversation-log'
import type { DisplayedMessage } from '../ecr/peripherals/cashier-display'
import type { JournalEntry } from '../ecr/peripherals/journal'
import type { PrintedReceipt } from '../ecr/peripherals/printer'
import { describeMoney } from '../opi/money'
import { redactCardNumbers } from './redact'

/** Texts for the report, one per kind of evidence; all pass through card-number redaction. */

const time = (ms: number) => isoTimestamp(ms).slice(11)

export function conversationText(entries: readonly ConversationEntry[]): string {
  const blocks = entries.map((e) => {
    const arrow = e.from === 'ECR' ? 'ECR -> terminal' : 'terminal -> ECR'
    const head = `[${time(e.atMs)}] channel ${e.channel}  ${arrow}  ${e.summary}`
    return e.text ? `${head}\n${e.text.trimEnd()}` : head
  })
  return redactCardNumbers(blocks.join('\n\n') || '(nothing was exchanged)')
}

export function displayText(history: readonly DisplayedMessage[]): string {
  return redactCardNumbers(history.map((m) => `[${time(m.atMs)}] (${m.source}) ${m.lines.join(' | ')}`).join('\n') || '(nothing was shown)')
}

export function receiptsText(receipts: readonly PrintedReceipt[]): string {
  return redactCardNumbers(receipts.map((r) => `--- printed at ${time(r.atMs)} for request ${r.requestId ?? '?'} ---\n${r.lines.join('\n')}`).join('\n\n') || '(nothing was printed)')
}

export function journalText(entries: readonly JournalEntry[]): string {
  return redactCardNumbers(entries.map((e) => [
    `#${e.requestId} ${e.requestType} ${e.amount ? describeMoney(e.amount) : ''} -> ${e.result}${e.reason ? ` (${e.reason})` : ''}`,
    `  started ${time(e.startedAtMs)}${e.finishedAtMs !== undefined ? `, finished ${time(e.finishedAtMs)}` : ''}`,
    ...(e.approvalCode ? [`  approval ${e.approvalCode} ${e.cardCircuit ?? ''} ${e.maskedPan ?? ''}`] : []),
    ...(e.terminalRecord.length ? ['  terminal record:', ...e.terminalRecord.map((l) => `    ${l}`)] : []),
  ].join('\n')).join('\n') || '(the journal is empty)')
}
