import { After, AfterStep, Before, BeforeStep, Status } from '@cucumber/cucumber'
import { scenarioEvidence } from './scenario-evidence'
import { manualStepsText } from '../src/operator/prompts'
import { NOT_RUN_REASON_MEDIA_TYPE } from '../src/report/run-verdicts'
import { redactCardNumbers } from '../src/report/redact'
import type { CertificationWorld } from './world'

// Defined first so it runs last: the evidence hooks below still read the register's database.
After({ name: 'discard the register\'s database' }, function (this: CertificationWorld) {
  this.rig?.dispose()
})

Before({ name: 'assemble the rig', tags: 'not @unattended and not @softpos' }, async function (this: CertificationWorld) {
  await this.assembleRig()
  this.log(this.rig && 'describe' in this.rig
    ? this.rig.describe()
    : this.parameters.integration === 'pos' || this.parameters.integration === 'pos-manual'
      ? 'simulated terminal as its own process, over TCP through the recording witness; wall-clock time'
      : `simulated terminal over ${this.parameters.link === 'tcp' ? 'loopback TCP' : 'an in-memory link'}, seed ${this.parameters.seed}`)
})

/** Before every step of an attended case: what the register has done so far, read through its port, for the Thens. */
BeforeStep({ tags: 'not @unattended and not @softpos' }, async function (this: CertificationWorld) {
  if (this.integration) await this.observe()
})

Before({ name: 'unattended machines and SoftPOS have no bench assembly yet', tags: '@unattended or @softpos' }, function (this: CertificationWorld, { pickle }) {
  if (this.parameters.terminal !== 'real') return
  this.attach(pickle.tags.some((t) => t.name === '@softpos')
    ? 'not applicable on an OPI bench: SoftPOS pays through CCV\'s Payment API on a phone, not through an OPI terminal'
    : 'the unattended machine rig is assembled for simulation only; the bench runs the attended cases', NOT_RUN_REASON_MEDIA_TYPE)
  return 'skipped'
})

// Runs after the evidence is attached: a prompt refused after the last wait still makes the case not run.
After({ name: 'every operator prompt was carried out' }, function (this: CertificationWorld) {
  if (this.rig && 'desk' in this.rig && this.rig.environment.refused) throw this.rig.environment.refused
})

/**
 * The evidence CCV reads for every case, whether the scenario passed or not. The report shows these
 * files under the catalogue entry at the top of the case's page too (src/report/allure-results.ts).
 */
After({ name: 'attach the evidence' }, async function (this: CertificationWorld) {
  if (!this.rig) return // the unattended hooks attach their machine's evidence
  this.attach(`The integration under test: ${this.integration.description}`, { mediaType: 'text/plain', fileName: 'Integration under test.txt' })
  for (const e of await scenarioEvidence(this)) this.attach(e.text, { mediaType: 'text/plain', fileName: `${e.title}.txt` })
  if ('desk' in this.rig) {
    this.attach(redactCardNumbers(manualStepsText(this.rig.desk.steps)), { mediaType: 'text/plain', fileName: 'Manual steps (operator prompts and answers).txt' })
    this.attach(this.rig.testCards, { mediaType: 'text/plain', fileName: 'Test-card registry.txt' })
  }
})

/** A failing step carries the evidence up to its failure, where the reader of the failure looks. */
AfterStep(async function (this: CertificationWorld, { result }) {
  if (result.status !== Status.FAILED) return
  for (const e of await scenarioEvidence(this)) this.attach(e.text, { mediaType: 'text/plain', fileName: `${e.title} (at the failure).txt` })
})

After({ name: 'shut the rig down' }, async function (this: CertificationWorld, { result }) {
  await this.rig?.stop()
  if (result?.status === Status.FAILED) this.log('The scenario failed: compare the conversation with the expected results attached above.')
})
