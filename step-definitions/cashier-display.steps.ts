import { Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import { deviceRequests, deviceResponses, outputsSentTo } from '../support/observations'
import type { CertificationWorld } from '../support/world'

Then('the cashier sees every message the terminal sends, in order', function (this: CertificationWorld) {
  const sent = outputsSentTo(this.rig.log, 'CashierDisplay').map((o) => o.lines)
  expect(sent, 'messages the terminal sent for the cashier').to.have.length.above(0)
  expect(this.rig.ecr.display.fromTerminal().map((m) => m.lines), 'what the register showed, in order').to.deep.equal(sent)
  const answered = new Map(deviceResponses(this.rig.log).map((r) => [r.requestId, r.overallResult]))
  expect(deviceRequests(this.rig.log).map((r) => [r.requestId, answered.get(r.requestId)]), 'each message acknowledged').to.deep.equal(deviceRequests(this.rig.log).map((r) => [r.requestId, 'Success']))
})
