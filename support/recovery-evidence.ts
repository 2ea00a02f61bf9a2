import { After } from '@cucumber/cucumber'
import { isoTimestamp } from '../src/clock/clock'
import { redactCardNumbers } from '../src/report/redact'
import type { CertificationWorld } from './world'

const time = (ms: number) => isoTimestamp(ms).slice(11)

/**
 * Evidence beyond the standard four attachments, only where a scenario produced it: the questions
 * the cashier answered for the terminal, and the journal receipts as the register's database holds
 * them (what a manager reads back, by shift).
 */
After({ name: 'attach cashier questions and stored journal receipts' }, function (this: CertificationWorld) {
  if (!this.rig || !('ecr' in this.rig)) return // a POS keeps its questions and its database to itself
  const asked = this.rig.cashier.asked
  if (asked.length > 0) {
    this.attach(asked.map((q) => `[${time(q.askedAtMs)}] ${q.question.join(' | ')} -> ${q.answer === undefined ? 'not answered' : q.answer ? 'yes' : 'no'}${q.answeredAtMs ? ` at ${time(q.answeredAtMs)}` : ''}`).join('\n'),
      { mediaType: 'text/plain', fileName: 'Cashier questions.txt' })
  }
  const receipts = this.rig.ecr.journal.journalReceipts({})
  if (receipts.length > 0) {
    this.attach(redactCardNumbers(receipts.map((r) => `--- shift ${r.shiftNumber ?? '?'}, ${isoTimestamp(r.atMs)}, payment ${r.requestId} ---\n${r.lines.join('\n')}`).join('\n\n')),
      { mediaType: 'text/plain', fileName: 'Journal receipts as stored.txt' })
  }
})
