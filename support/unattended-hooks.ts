import { After, Before } from '@cucumber/cucumber'
import { expect } from 'chai'
import { conversationText, displayText, journalText, receiptsText } from '../src/report/evidence'
import { redactCardNumbers } from '../src/report/redact'
import { afterSaleText, integrityText } from './unattended-evidence'
import { balanceTable, openReservations, sessionBalances, unaccountedOnTheHost } from './unattended-invariant'
import { UnattendedScenario } from './unattended-scenario'
import type { CertificationWorld } from './world'

// Defined first, so it runs after every other After hook: the evidence is read from the database.
After({ name: 'discard the machine\'s database', tags: '@unattended' }, function (this: CertificationWorld) {
  this.unattended?.rig.dispose()
})

Before({ name: 'assemble the unattended rig', tags: '@unattended' }, async function (this: CertificationWorld) {
  this.unattended = await UnattendedScenario.create(this.parameters)
  this.log(`unattended machine and simulated terminal over ${this.parameters.link === 'tcp' ? 'loopback TCP' : 'an in-memory link'}, seed ${this.parameters.seed}`)
})

/**
 * CCV's money rule, checked after every unattended scenario whatever its steps asserted: per session
 * completed = delivered <= approved, no reservation left open on the card, and every approval on the
 * host's ledger belongs to exactly one session.
 */
After({ name: 'check the money of every session', tags: '@unattended' }, function (this: CertificationWorld) {
  if (!this.unattended) return
  const { rig } = this.unattended
  if (!rig.isOpen) return
  const rows = sessionBalances(rig, rig.allSessions())
  const open = openReservations(rig)
  this.attach(balanceTable(rows, open), { mediaType: 'text/plain', fileName: 'Sessions: approved, delivered, completed.txt' })
  expect(rows.filter((r) => !r.holds), 'sessions where completed = delivered <= approved does not hold').to.deep.equal([])
  expect(open, 'reservations left open on the host').to.deep.equal([])
  expect(unaccountedOnTheHost(rig, rig.allSessions()), 'approvals on the host that not exactly one session accounts for').to.deep.equal([])
})

After({ name: 'attach the unattended evidence', tags: '@unattended' }, function (this: CertificationWorld) {
  if (!this.unattended) return
  const { rig } = this.unattended
  this.attach(conversationText(rig.log.entries), { mediaType: 'text/plain', fileName: 'OPI conversation (both channels).txt' })
  this.attach(conversationText(rig.machineLog.entries), { mediaType: 'text/plain', fileName: 'The machine\'s own log of the conversation.txt' })
  if (!rig.isOpen) return
  const machine = rig.machine
  this.attach(displayText(machine.display.history), { mediaType: 'text/plain', fileName: 'Customer display.txt' })
  this.attach(receiptsText(machine.printer.printed), { mediaType: 'text/plain', fileName: 'Receipts as printed.txt' })
  this.attach(journalText(machine.journal.entries()), { mediaType: 'text/plain', fileName: 'Journal.txt' })
  const store = rig.store
  if (store) this.attach(integrityText(store.verifyIntegrity(), store.accessLog()), { mediaType: 'text/plain', fileName: 'Journal integrity and access log.txt' })
  const afterSale = afterSaleText(rig)
  if (afterSale) this.attach(redactCardNumbers(afterSale), { mediaType: 'text/plain', fileName: 'E-receipts, kept receipts, closings and operator notices.txt' })
  this.attach(redactCardNumbers(JSON.stringify(machine.sessions.all(), null, 2)), { mediaType: 'text/plain', fileName: 'Machine sessions.txt' })
})

After({ name: 'shut the unattended rig down', tags: '@unattended' }, async function (this: CertificationWorld) {
  await this.unattended?.rig.stop()
})

/** The same money rule for a machine that ran as its own process: no reservation left open, none captured twice. */
After({ name: "check the money of the machine's own process", tags: '@unattended' }, async function (this: CertificationWorld) {
  const bench = this.unattended?.processBench
  if (!bench) return
  try {
    const host = bench.terminal.host
    const text = host.reservations.map((r) => `trace ${r.stan}: approved ${r.approved.minor / 100}, ${r.state}, captured ${(r.captured?.minor ?? 0) / 100}`).join('\n')
    this.attach(text || 'no reservation was made', { mediaType: 'text/plain', fileName: "Machine process: reservations on the host.txt" })
    expect(host.reservations.filter((r) => r.state === 'open').map((r) => r.stan), 'reservations left open on the host').to.deep.equal([])
    expect(bench.openOnDisk(), 'sessions left open in the machine\'s database').to.deep.equal([])
  } finally {
    await bench.dispose()
  }
})
