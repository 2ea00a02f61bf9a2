import { After, Before, Status } from '@cucumber/cucumber'
import { manualStepsText } from '../src/operator/prompts'
import { redactCardNumbers } from '../src/report/redact'
import { conversationText, displayText, journalText, receiptsText } from '../src/report/evidence'
import type { CertificationWorld } from './world'

// Defined first so it runs last: the evidence hooks below still read the register's database.
After({ name: 'discard the register\'s database' }, function (this: CertificationWorld) {
  this.rig?.dispose()
})

Before({ name: 'assemble the rig', tags: 'not @unattended and not @softpos' }, async function (this: CertificationWorld) {
  await this.assembleRig()
  this.log(this.parameters.terminal === 'real'
    ? 'terminal on the bench, over TCP through the recording witness; wall-clock time'
    : `simulated terminal over ${this.parameters.link === 'tcp' ? 'loopback TCP' : 'an in-memory link'}, seed ${this.parameters.seed}`)
})

Before({ name: 'unattended machines and SoftPOS have no bench assembly yet', tags: '@unattended or @softpos' }, function (this: CertificationWorld, { pickle }) {
  if (this.parameters.terminal !== 'real') return
  const what = pickle.tags.some((t) => t.name === '@softpos') ? 'the SoftPOS rig (CCV Payment API and phone) is' : 'the unattended machine rig is'
  this.log(`Not run: ${what} assembled for simulation only; the bench runs the attended cases.`)
  return 'skipped'
})

// Runs after the evidence is attached: a prompt refused after the last wait still makes the case not run.
After({ name: 'every operator prompt was carried out' }, function (this: CertificationWorld) {
  if (this.rig && 'desk' in this.rig && this.rig.environment.refused) throw this.rig.environment.refused
})

/**
 * The evidence CCV reads for every case, attached whether the scenario passed or not: what crossed
 * the link, what the cashier saw, what was printed and what the journal holds.
 */
After({ name: 'attach the evidence' }, function (this: CertificationWorld) {
  if (!this.rig) return
  const { log, ecr } = this.rig
  this.attach(conversationText(log.entries), { mediaType: 'text/plain', fileName: 'OPI conversation (both channels).txt' })
  this.attach(displayText(ecr.display.history), { mediaType: 'text/plain', fileName: 'Cashier display.txt' })
  this.attach(receiptsText([...ecr.printer.printed, ...ecr.journalPrinter.printed]), { mediaType: 'text/plain', fileName: 'Receipts as printed.txt' })
  this.attach(journalText(ecr.journal.entries()), { mediaType: 'text/plain', fileName: 'Journal.txt' })
  if ('desk' in this.rig) {
    this.attach(redactCardNumbers(manualStepsText(this.rig.desk.steps)), { mediaType: 'text/plain', fileName: 'Manual steps (operator prompts and answers).txt' })
    this.attach(this.rig.testCards, { mediaType: 'text/plain', fileName: 'Test-card registry.txt' })
  }
})

After({ name: 'shut the rig down' }, async function (this: CertificationWorld, { result }) {
  await this.rig?.stop()
  if (result?.status === Status.FAILED) this.log('The scenario failed: compare the conversation with the expected results attached above.')
})
