import { Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { CertificationWorld } from '../support/world'

// The register's own messages to the cashier (not the terminal's, which are mirrored beside them), word for
// word: the cashier acts on them. Messages are separated by " / " in the feature, lines of one by " | ".

Then('the register\'s own messages to the cashier read {string}, in that order', function (this: CertificationWorld, messages: string) {
  const own = this.seen.display.filter((m) => m.source === 'register').map((m) => m.lines.join(' | '))
  expect(own, 'the register\'s own messages to the cashier, in order').to.deep.equal(messages.split(' / '))
})
