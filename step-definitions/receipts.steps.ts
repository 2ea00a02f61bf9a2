import { Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import { outputsSentTo } from '../support/observations'
import type { CertificationWorld } from '../support/world'

Then('the customer receipt and the merchant copy are printed as the terminal sent them', function (this: CertificationWorld) {
  const { printer, journalPrinter } = this.rig.ecr
  expect(printer.printed.map((r) => r.lines), 'customer receipts printed').to.deep.equal(outputsSentTo(this.rig.log, 'Printer').map((o) => o.lines)).and.have.lengthOf(1)
  expect(journalPrinter.printed.map((r) => r.lines), 'merchant copies printed').to.deep.equal(outputsSentTo(this.rig.log, 'JournalPrinter').map((o) => o.lines)).and.have.lengthOf(1)
})

Then('only the tickets the terminal sent are printed, unchanged', function (this: CertificationWorld) {
  const { printer, journalPrinter } = this.rig.ecr
  expect(printer.printed.map((r) => r.lines), 'customer tickets printed').to.deep.equal(outputsSentTo(this.rig.log, 'Printer').map((o) => o.lines))
  expect(journalPrinter.printed.map((r) => r.lines), 'merchant tickets printed').to.deep.equal(outputsSentTo(this.rig.log, 'JournalPrinter').map((o) => o.lines))
})
