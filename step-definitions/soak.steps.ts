import { Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import { endings, runSoak, SOAK_ENDINGS, soakReport, type SoakFigures } from '../support/unattended-soak'
import type { CertificationWorld } from '../support/world'

// O6: a long run of mixed sessions, with its figures in the report.

function figures(world: CertificationWorld): SoakFigures {
  if (!world.unattended.soak) throw new Error('the soak has not run in this scenario')
  return world.unattended.soak
}

// Wall-clock bound for the whole soak: it fails clearly rather than hang (a thousand sessions take seconds).
When('{int} drivers charge one after another, their stories in turn', { timeout: 10 * 60_000 }, async function (this: CertificationWorld, count: number) {
  this.unattended.soak = await runSoak(this.unattended, count, (done) => process.stderr.write(`soak: ${done} of ${count} sessions\n`))
  this.attach(soakReport(this.unattended.soak), { mediaType: 'text/plain', fileName: 'Soak figures.txt' })
  this.log(soakReport(this.unattended.soak))
  process.stderr.write(`${soakReport(this.unattended.soak)}\n`)
})

Then('every session ended as its driver\'s story says', function (this: CertificationWorld) {
  const { stories, ended } = figures(this)
  expect(endings(stories, ended.map((s) => s.state)), 'how the sessions of each story ended').to.deep.equal(endings(stories, stories.map((story) => SOAK_ENDINGS[story])))
})

Then('every session that reached the terminal is journaled exactly once, with its completion when it had one', function (this: CertificationWorld) {
  const journal = this.unattended.rig.machine.journal.entries()
  const count = (id: string | undefined) => journal.filter((e) => e.requestId === id).length
  const ended = figures(this).ended
  const notOnce = ended.filter((s) => count(s.authorisation?.requestId) !== 1 || s.completionRequestIds.some((id) => count(id) !== 1)).map((s) => s.id)
  expect(notOnce, 'sessions whose card request or completion is not journaled exactly once').to.deep.equal([])
  expect(journal.length, 'journal entries in all, against the requests of the sessions').to.equal(ended.reduce((n, s) => n + 1 + s.completionRequestIds.length, 0))
})

Then('the heap after the run is within {int}% of the heap after the first {int} sessions', function (this: CertificationWorld, percent: number, warmUp: number) {
  expect([figures(this).warmUp, figures(this).growthPercent < percent], `sessions before the first measurement, and heap growth under ${percent}%: ${soakReport(figures(this))}`).to.deep.equal([warmUp, true])
})
