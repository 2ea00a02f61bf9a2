import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import type { CertificationWorld } from '../support/world'

// A register with a broken amount check, to show that the terminal itself refuses what slips through.

Given('a faulty register at lane 2 that sends every amount as typed', async function (this: CertificationWorld) {
  this.faultyRegister = await this.rig.addFaultyRegister()
})

When(/^the faulty register asks for a (card payment|refund) of (-?\d+\.\d{2}) EUR$/, async function (this: CertificationWorld, kind: string, amount: string) {
  const register = this.faultyRegister!
  register.answer = await register.request(kind === 'refund' ? 'PaymentRefund' : 'CardPayment', { minor: Math.round(Number(amount) * 100), currency: 'EUR' } satisfies Money)
})

Then('the terminal refuses it as invalid, saying {string}', function (this: CertificationWorld, why: string) {
  const answers = this.faultyRegister!.log.messages().filter((m) => m.kind === 'CardServiceResponse')
  expect(answers.map((a) => [a.overallResult, a.privateData?.errorText]), 'what the terminal answered the faulty register').to.deep.equal([['ValidationError', why]])
})
