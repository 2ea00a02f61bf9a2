import { After, Before } from '@cucumber/cucumber'
import { expect } from 'chai'
import { orderBalances, orderBalanceTable } from './softpos-invariant'
import { softposEvidence } from './softpos-evidence'
import { SoftposScenario } from './softpos-scenario'
import type { CertificationWorld } from './world'

Before({ name: 'assemble the SoftPOS rig', tags: '@softpos' }, async function (this: CertificationWorld) {
  this.softpos = await SoftposScenario.create()
  this.log(`simulated CCV Payment API at ${this.softpos.rig.api.baseUrl}, simulated phone and reference POS app on virtual time`)
})

// Defined first so it runs last: the hooks below still read the POS app's database.
After({ name: 'discard the POS app\'s database', tags: '@softpos' }, function (this: CertificationWorld) {
  this.softpos?.rig.dispose()
})

/** The money rule, checked after every SoftPOS scenario whatever its steps asserted. */
After({ name: 'check the money of every order', tags: '@softpos' }, function (this: CertificationWorld) {
  if (!this.softpos) return
  const { rig } = this.softpos
  const records = rig.devices.map((d) => d.readStore((s) => ({ device: d.deviceId, orders: s.orders(), attempts: s.attempts() })))
  const { rows, stray } = orderBalances(records, rig.backend.charges)
  this.attach(orderBalanceTable(rows, stray), { mediaType: 'text/plain', fileName: 'Orders and CCV charges.txt' })
  expect(rows.filter((r) => !r.holds), 'orders where one charge per paid order, none for an unpaid one does not hold').to.deep.equal([])
  expect(stray, 'charges at CCV that belong to no order').to.deep.equal([])
})

After({ name: 'attach the SoftPOS evidence', tags: '@softpos' }, function (this: CertificationWorld) {
  if (!this.softpos) return
  for (const [fileName, text] of softposEvidence(this.softpos)) this.attach(text, { mediaType: 'text/plain', fileName })
})

After({ name: 'shut the SoftPOS rig down', tags: '@softpos' }, async function (this: CertificationWorld) {
  await this.softpos?.rig.stop()
})
