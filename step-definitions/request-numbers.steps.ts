import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import { parseDecimal, type Money } from '../src/opi/money'
import type { CertificationWorld } from '../support/world'

// The register's request numbers, as the terminal received them, across the register's restarts.

Given('the register lost power while a payment of {amount} was being authorised, and was switched on a minute later', async function (this: CertificationWorld, amount: Money) {
  await this.payAndLosePower(amount, 60_000)
})

Then('every request that reached the terminal had a request number of its own, {int} of them card payments', function (this: CertificationWorld, payments: number) {
  const requests = this.rig.log.entries.flatMap((e) => (e.from === 'ECR' && e.channel === 0 && (e.message?.kind === 'CardServiceRequest' || e.message?.kind === 'ServiceRequest') ? [e.message] : []))
  const used = requests.map((r) => r.requestId)
  expect({ repeated: used.filter((id, i) => used.indexOf(id) !== i), payments: requests.filter((r) => r.requestType === 'CardPayment').length }, `request numbers the terminal received (${used.join(', ')})`)
    .to.deep.equal({ repeated: [], payments })
})

Then(/^the host has authorised ((?:\d+\.\d{2} EUR, )+\d+\.\d{2} EUR and \d+\.\d{2} EUR), each exactly once$/, async function (this: CertificationWorld, list: string) {
  const amounts = list.split(/, | and /).map((text) => ({ amount: parseDecimal(text.replace(' EUR', '')) }))
  await this.expectHostApprovals(amounts)
})
