import { Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import { cardServiceResponses } from '../support/observations'
import type { CertificationWorld } from '../support/world'

Then('the terminal ends the payment by its time-out, before the register gives up', function (this: CertificationWorld) {
  const answers = cardServiceResponses(this.rig.log).filter((r) => r.response.requestId === this.payment().requestId).map((r) => r.response.overallResult)
  expect({ terminalAnswered: answers, registerConcluded: this.payment().status }, 'the terminal\'s answer to the payment, and what the register made of it').to.deep.equal({ terminalAnswered: ['TimedOut'], registerConcluded: 'timed out' })
})
