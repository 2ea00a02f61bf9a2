import { Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import { outputsSentTo } from '../support/observations'
import type { CertificationWorld } from '../support/world'

Then('the customer receipt and the merchant copy are printed as the terminal sent them', function (this: CertificationWorld) {
  const { receipts, merchantCopies } = this.seen
  expect(receipts.map((r) => r.lines), 'customer receipts printed').to.deep.equal(outputsSentTo(this.rig.log, 'Printer').map((o) => o.lines)).and.have.lengthOf(1)
  expect(merchantCopies.map((r) => r.lines), 'merchant copies printed').to.deep.equal(outputsSentTo(this.rig.log, 'JournalPrinter').map((o) => o.lines)).and.have.lengthOf(1)
})

Then('only the tickets the terminal sent are printed, unchanged', function (this: CertificationWorld) {
  const { receipts, merchantCopies } = this.seen
  expect(receipts.map((r) => r.lines), 'customer tickets printed').to.deep.equal(outputsSentTo(this.rig.log, 'Printer').map((o) => o.lines))
  expect(merchantCopies.map((r) => r.lines), 'merchant tickets printed').to.deep.equal(outputsSentTo(this.rig.log, 'JournalPrinter').map((o) => o.lines))
})

const ENTRY_WORDS: Record<string, string> = { tapped: 'contactless', swiped: 'magstripe', inserted: 'chip' }

Then('no approval receipt is printed', function (this: CertificationWorld) {
  const printed = [...this.seen.receipts, ...this.seen.merchantCopies].flatMap((r) => r.lines)
  expect(printed.filter((line) => /^APPROVED\b/.test(line)), 'approval lines printed').to.deep.equal([])
})

Then('the customer receipt shows the card was {word}', function (this: CertificationWorld, how: string) {
  const [receipt, ...more] = this.seen.receipts.map((r) => r.lines)
  expect({ receipts: 1 + more.length, entry: receipt?.find((l) => l.startsWith('Entry'))?.replace(/^Entry\s+/, '') }, 'customer receipts printed and how the card was read').to.deep.equal({ receipts: 1, entry: ENTRY_WORDS[how] })
})

Then('the customer receipt shows the amount as {string}', function (this: CertificationWorld, amount: string) {
  const lines = this.seen.receipts.flatMap((r) => r.lines).filter((l) => l.startsWith('Amount'))
  expect(lines.map((l) => l.replace(/^Amount\s+/, '')), 'amounts on the customer receipt').to.deep.equal([amount])
})
