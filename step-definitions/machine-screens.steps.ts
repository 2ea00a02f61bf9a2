import { Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import { machineTexts } from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'

// The machine's own screens, word for word: a wrong phrase or a phrase in the wrong language is a fault the
// cardholder sees. Screens are separated by " / " in the feature, lines of one screen by " | ".

Then('the machine\'s own screens read {string}, in that order', function (this: CertificationWorld, screens: string) {
  expect(machineTexts(this.unattended.rig), 'the machine\'s own screens, in order').to.deep.equal(screens.split(' / '))
})
