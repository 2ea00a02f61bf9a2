import { Given, Then, When, type DataTable } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { EmployeeRole } from '../src/ecr/employees'
import type { CardProfile } from '../src/terminal/cards'
import { directWriteRefusals, tamper } from '../support/unattended-tampering'
import type { CertificationWorld } from '../support/world'

// The machine's journal: who may read it, and that nobody can rewrite it unnoticed.

const MINUTE = 60_000

Given('the machine\'s employees:', function (this: CertificationWorld, table: DataTable) {
  for (const row of table.hashes()) this.unattended.rig.employees.add(row.user, row.password, row.roles.split(/,\s*/).filter(Boolean) as EmployeeRole[])
})

Given('{int} cardholders have each bought a ticket with a tapped {card} card', async function (this: CertificationWorld, count: number, card: CardProfile) {
  for (let i = 0; i < count; i++) this.unattended.cardholderWill({ entries: ['P1', '1', 'yes'], card: { card, entry: 'contactless', pin: 'none' } })
  await this.unattended.serveOneAfterAnother()
})

When('these people try to open the journal on the machine, {int} minutes apart:', async function (this: CertificationWorld, minutes: number, table: DataTable) {
  await this.unattended.tryToOpenJournal(table.hashes().map((r) => ({ user: r.user, password: r.password || undefined })), minutes * MINUTE)
})

When('someone with access to the database file {}', function (this: CertificationWorld, how: string) {
  tamper(this.unattended.rig.store!, how, this.unattended.session(1).authorisation!.requestId)
})

When('someone with access to the database tries to change and delete entries in it', function (this: CertificationWorld) {
  this.unattended.refusals = directWriteRefusals(this.unattended.rig.store!, this.unattended.session(1).authorisation!.requestId)
})

Then('only {word} sees the journal: {int} entries, with card numbers masked', function (this: CertificationWorld, user: string, count: number) {
  const opened = this.unattended.journalAttempts.filter((a) => a.entries)
  expect(opened.map((a) => [a.user, a.entries!.length]), 'who saw the journal, and how many entries').to.deep.equal([[user, count]])
  expect(opened[0].entries!.map((e) => e.maskedPan), 'card numbers in the journal').to.satisfy((pans: (string | undefined)[]) => pans.every((p) => p !== undefined && /^\*+\d{4}$/.test(p)))
})

Then('the other attempts are refused, each logged with user, time and reason:', function (this: CertificationWorld, table: DataTable) {
  const { rig, journalAttempts } = this.unattended
  const refused = journalAttempts.filter((a) => a.refusal).map((a) => [a.user, a.refusal!.reason])
  expect(refused, 'refusals the people saw').to.deep.equal(table.rows())
  const logged = rig.store!.accessLog().filter((a) => !a.granted).map((a) => [a.user, a.reason, a.atMs])
  expect(logged, 'refused attempts in the machine\'s access log, with their time').to.deep.equal(journalAttempts.filter((a) => a.refusal).map((a) => [a.user, a.refusal!.reason, a.atMs]))
})

Then('the integrity check finds nothing wrong', function (this: CertificationWorld) {
  const report = this.unattended.rig.store!.verifyIntegrity()
  expect([report.intact, report.problems], 'the integrity check: intact, and the problems it found').to.deep.equal([true, []])
})

Then('every attempt is refused by the storage itself', function (this: CertificationWorld) {
  expect(this.unattended.refusals, 'what the storage answered to each attempt').to.deep.equal(['journal entries cannot be deleted', 'the journal chain cannot be changed', 'the journal chain cannot be shortened'])
})

Then('the integrity check reports the journal broken, first at {}', function (this: CertificationWorld, where: string) {
  const report = this.unattended.rig.store!.verifyIntegrity()
  const first = report.firstBroken
  expect(report.intact, 'the journal is reported intact').to.equal(false)
  expect(describeLink(this, first?.table, first?.key, first?.reason), 'the first broken link').to.equal(where)
})

function describeLink(world: CertificationWorld, table?: string, key?: string, reason?: string): string {
  const sales = ['first', 'second', 'third'].map((ordinal, i) => [ordinal, world.unattended.session(i).authorisation?.requestId] as const)
  const sale = (id?: string) => sales.find(([, requestId]) => requestId !== undefined && requestId === id)?.[0]
  if (table === 'journal_entry') return sale(key) ? `the ${sale(key)} sale's entry (${reason})` : `an entry no sale wrote (${reason})`
  if (table === 'terminal_record' && key) {
    const [requestId, seq] = key.split('/')
    if (sale(requestId)) return `line ${Number(seq) + 1} of the ${sale(requestId)} sale's terminal record (${reason})`
  }
  if (table === 'counter' && (key === 'request' || key === 'shift')) return `the ${key} counter (${reason})`
  if (table === undefined) return `the chain itself (${reason})`
  return `${table} ${key ?? ''} (${reason})`
}
