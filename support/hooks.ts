import { After, AfterStep, Before, Status } from '@cucumber/cucumber'
import { scenarioEvidence } from './scenario-evidence'
import type { CertificationWorld } from './world'

// Defined first so it runs last: the evidence hooks below still read the register's database.
After({ name: 'discard the register\'s database' }, function (this: CertificationWorld) {
  this.rig?.dispose()
})

Before({ name: 'assemble the rig', tags: 'not @unattended and not @softpos' }, async function (this: CertificationWorld) {
  await this.assembleRig()
  this.log(`simulated terminal over ${this.parameters.link === 'tcp' ? 'loopback TCP' : 'an in-memory link'}, seed ${this.parameters.seed}`)
})

/**
 * The evidence CCV reads for every case, whether the scenario passed or not. The report shows these
 * files under the catalogue entry at the top of the case's page too (src/report/allure-results.ts).
 */
After({ name: 'attach the evidence' }, function (this: CertificationWorld) {
  if (!this.rig) return // the unattended hooks attach their machine's evidence
  for (const e of scenarioEvidence(this)) this.attach(e.text, { mediaType: 'text/plain', fileName: `${e.title}.txt` })
})

/** A failing step carries the evidence up to its failure, where the reader of the failure looks. */
AfterStep(function (this: CertificationWorld, { result }) {
  if (result.status !== Status.FAILED) return
  for (const e of scenarioEvidence(this)) this.attach(e.text, { mediaType: 'text/plain', fileName: `${e.title} (at the failure).txt` })
})

After({ name: 'shut the rig down' }, async function (this: CertificationWorld, { result }) {
  await this.rig?.stop()
  if (result?.status === Status.FAILED) this.log('The scenario failed: compare the conversation with the expected results attached above.')
})
