import { Then, type DataTable } from '@cucumber/cucumber'
import { expect } from 'chai'
import { machineRequests } from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'

// What the machine tells the terminal about itself with every request: the terminal decides on it whether
// it may print, and journals it. Values, read from the conversation, against what the scenario states.

const FACT: Record<string, (posData: Record<string, unknown>, workstationId: string) => unknown> = {
  'workstation': (_, workstationId) => workstationId,
  'language': (p) => p.languageCode,
  'shift': (p) => String(p.shiftNumber),
  'receipt printer': (p) => p.printerStatus,
  'journal printer': (p) => p.journalPrinterStatus,
  'electronic journal': (p) => p.eJournalStatus,
}

Then('every payment request the machine sent said:', function (this: CertificationWorld, table: DataTable) {
  const expected: Record<string, string> = Object.fromEntries(table.raw() as [string, string][])
  const said = machineRequests(this.unattended.rig.log)
    .filter((r) => r.message.totalAmount !== undefined)
    .map((r) => Object.fromEntries(Object.keys(expected).map((fact) => [fact, FACT[fact](r.message.posData as unknown as Record<string, unknown>, r.message.workstationId)])))
  expect(said, 'what each request with an amount said about the machine').to.deep.equal(said.map(() => expected)).and.have.length.above(0)
})

Then('every request the machine sent carries the machine\'s clock time, to the second, when it was sent', function (this: CertificationWorld) {
  const stamps = machineRequests(this.unattended.rig.log).map((r) => ({ stamped: Date.parse(`${r.message.posData.posTimeStamp}Z`), sent: Math.floor(r.atMs / 1000) * 1000 }))
  expect(stamps.map((s) => s.stamped), 'time stamps of the requests, against when each was sent').to.deep.equal(stamps.map((s) => s.sent)).and.have.length.above(0)
})
