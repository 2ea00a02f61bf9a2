import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import { confirmedCompletionsOf, exchanges, exchangesOf, firstReadyAnswerAfter, gapsInSeconds, outOfOrderSpells } from '../support/unattended-recovery-observations'
import type { Money } from '../src/opi/money'
import { answersReceived, capturedOn, firstAnswerDelayMs, machineRequests, machineTexts, metered, terminalMessages } from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'

// Whether the machine takes card payments: out of order, back in service, its start-up, its watch on the terminal.

const ORDINAL: Record<string, number> = { first: 0, second: 1, third: 2 }

Given('the machine checks the terminal every {int} seconds', function (this: CertificationWorld, seconds: number) {
  this.unattended.rig.machine.watchTerminal({ statusPollIntervalMs: seconds * 1000, outOfOrderPollMs: seconds * 1000 })
})

Given('a charging station with {int} chargers, still switched off', async function (this: CertificationWorld, count: number) {
  await this.unattended.rig.openStation('charger', count, { boot: false })
})

When('the machine is switched on', async function (this: CertificationWorld) {
  this.unattended.events.push({ what: 'switched on', atMs: this.unattended.rig.clock.now() })
  await this.unattended.rig.boot()
})

Then('the {word} driver is told card payment is out of order, and no card is asked for', function (this: CertificationWorld, ordinal: string) {
  const session = this.unattended.rig.allSessions()[ORDINAL[ordinal]]
  expect([session?.state, session?.authorisation], `the ${ordinal} driver's session: how it ended, and the card request it made`).to.deep.equal(['refused', undefined])
  expect(machineTexts(this.unattended.rig, session?.endedAtMs).at(-1), `what the ${ordinal} driver was told`).to.match(/out of order/i)
})

Then('while out of order the machine asked the terminal every {int} seconds, one question at a time', function (this: CertificationWorld, seconds: number) {
  const polls = exchangesOf(this.unattended.rig, 'GetStatus')
  expect(polls.map((p) => p.answeredAtMs !== undefined && p.answeredAtMs <= (polls[polls.indexOf(p) + 1]?.sentAtMs ?? Infinity)), 'each status question answered before the next').to.not.include(false)
  expect(new Set(gapsInSeconds(polls.slice(1).map((p) => p.sentAtMs))), 'seconds between status questions after start-up').to.deep.equal(new Set([seconds]))
})

Then('the machine was back in service within {int} seconds of the terminal being free, with nobody\'s help', function (this: CertificationWorld, seconds: number) {
  const [spell] = outOfOrderSpells(this.unattended.rig)
  const free = this.unattended.events.find((e) => e.what === 'terminal free')?.atMs ?? Infinity
  expect([spell?.untilMs !== undefined, ((spell?.untilMs ?? Infinity) - free) / 1000], 'out of order ended, and seconds after the terminal was free').to.satisfy(([ended, after]: [boolean, number]) => ended && after >= 0 && after <= seconds)
})

Then('during the idle hour the machine asked the terminal {int} times, once a minute, and every answer was ready', function (this: CertificationWorld, times: number) {
  const firstCard = machineRequests(this.unattended.rig.log)[0]?.atMs ?? Infinity
  const polls = exchangesOf(this.unattended.rig, 'GetStatus').slice(1).filter((p) => p.sentAtMs < firstCard)
  expect({ asked: polls.length, gaps: [...new Set(gapsInSeconds(polls.map((p) => p.sentAtMs)))], answers: [...new Set(polls.map((p) => p.result))] }, 'status questions during the idle hour').to.deep.equal({ asked: times, gaps: [60], answers: ['Success'] })
})

Then('the machine never showed card payment out of order', function (this: CertificationWorld) {
  expect(outOfOrderSpells(this.unattended.rig), 'times the machine showed out of order').to.deep.equal([])
})

Then('the terminal was asleep when the reservation was first asked for, and said it was waking up', function (this: CertificationWorld) {
  const [first] = exchangesOf(this.unattended.rig, 'CardPreAuthorisation')
  expect([first?.result, this.unattended.rig.terminal.sleepMode?.wakeUps[0]?.atMs], 'the first answer, and when the terminal first woke').to.deep.equal(['DeviceUnavailable', first?.sentAtMs])
})

Then('the machine asked again until the terminal was awake, within {int} seconds, without showing out of order', function (this: CertificationWorld, seconds: number) {
  const attempts = exchangesOf(this.unattended.rig, 'CardPreAuthorisation')
  expect([attempts.at(-1)?.result, ((attempts.at(-1)?.sentAtMs ?? Infinity) - attempts[0].sentAtMs) / 1000 <= seconds], 'the last attempt, and whether it came within the bound').to.deep.equal(['Success', true])
  expect(outOfOrderSpells(this.unattended.rig), 'times the machine showed out of order').to.deep.equal([])
})

Then('the terminal ends the reservation with a time-out after its own card timeout of {int} seconds', function (this: CertificationWorld, seconds: number) {
  expect(answersReceived(this.unattended.rig), 'answers from the terminal').to.deep.equal([['CardPreAuthorisation', 'TimedOut']])
  expect(Math.round(firstAnswerDelayMs(this.unattended.rig) / 1000), 'seconds from the request to the time-out').to.be.at.least(seconds).and.below(seconds + 10)
})

Then('the machine asked the terminal\'s status, logged in where the terminal requires it and fetched its card circuits, in that order', function (this: CertificationWorld) {
  const loginRequired = this.parameters.dialect === 'de'
  expect(exchanges(this.unattended.rig).map((e) => [e.requestType, e.result]), 'what the machine asked at start-up').to.deep.equal([['GetStatus', 'Success'], ...(loginRequired ? [['Login', 'Success']] : []), ['GetCardCircuits', 'Success']])
})

Then('it was ready within {int} minutes, before any cardholder was served', function (this: CertificationWorld, minutes: number) {
  const { rig, events } = this.unattended
  const ready = exchangesOf(rig, 'GetCardCircuits').at(-1)?.answeredAtMs ?? Infinity
  expect([(ready - events[0].atMs) / 60_000 <= minutes, rig.allSessions().length, rig.machine.availability.inService], 'ready in time, sessions served before, in service').to.deep.equal([true, 0, true])
})

Then('the machine knows the card circuits the terminal accepts', function (this: CertificationWorld) {
  const answered = this.unattended.rig.log.messages().flatMap((m) => (m.kind === 'ServiceResponse' && m.requestType === 'GetCardCircuits' ? m.cardCircuits ?? [] : []))
  expect(answered.length, 'circuits the terminal named').to.be.greaterThan(0)
  expect(this.unattended.rig.machine.panel.acceptedCards, 'brands the machine shows, against what the terminal answered').to.deep.equal(answered.map((c) => c.displayName ?? c.code))
})

Then('the machine shows card payment out of order until the terminal is up', function (this: CertificationWorld) {
  const up = this.unattended.events.find((e) => e.what === 'terminal up')?.atMs
  const [spell] = outOfOrderSpells(this.unattended.rig)
  expect([spell?.fromMs, (spell?.untilMs ?? this.unattended.rig.clock.now()) >= (up ?? Infinity)], 'out of order from switch-on, until after the terminal came up').to.deep.equal([this.unattended.events[0].atMs, true])
})

Then('it tried again every {int} seconds, one attempt at a time', function (this: CertificationWorld, seconds: number) {
  const { rig, events } = this.unattended
  const up = events.find((e) => e.what === 'terminal up')!.atMs
  const tries = rig.network.attemptsTo(rig.terminalEndpoint).filter((a) => a.atMs < up)
  expect({ gaps: [...new Set(gapsInSeconds(tries.map((t) => t.atMs)))], overlapping: tries.filter((t) => t.endedAtMs === undefined || t.endedAtMs > t.atMs + seconds * 1000).length }, 'seconds between attempts to reach the terminal while it was off, and attempts still open at the next').to.deep.equal({ gaps: [seconds], overlapping: 0 })
})

Then('it was ready within {int} seconds of the terminal coming up', function (this: CertificationWorld, seconds: number) {
  const up = this.unattended.events.find((e) => e.what === 'terminal up')!.atMs
  const ready = firstReadyAnswerAfter(this.unattended.rig, up)
  expect([ready?.requestType, ((ready?.sentAtMs ?? Infinity) - up) / 1000 <= seconds, this.unattended.rig.machine.availability.inService], 'the first question answered after the terminal came up, in time, and the machine in service').to.deep.equal(['GetStatus', true, true])
})

Then('chargers {int} and {int} both charged for the full {int} minutes', function (this: CertificationWorld, first: number, second: number, minutes: number) {
  const lasted = [first, second].map((c) => this.unattended.rig.device(String(c)).runs.map((r) => ((r.endedAtMs ?? 0) - (r.startedAtMs ?? 0)) / 60_000))
  expect(lasted, 'minutes each charger delivered').to.deep.equal([[minutes], [minutes]])
})

Then('the {word} driver pays exactly {amount}, the value charger {int} delivered', function (this: CertificationWorld, ordinal: string, amount: Money, charger: number) {
  const { rig } = this.unattended
  const stan = rig.allSessions()[ORDINAL[ordinal]]?.authorisation?.stan
  expect({ completions: confirmedCompletionsOf(rig, stan), metered: metered(rig, charger), captured: capturedOn(rig, stan) }, `the ${ordinal} driver's confirmed completions, the meter of charger ${charger}, and the capture`).to.deep.equal({ completions: [amount], metered: [amount], captured: [amount] })
})

Then('the terminal asks for the card to be swiped instead, and the driver sees that on the machine', function (this: CertificationWorld) {
  const { sent, shown } = terminalMessages(this.unattended.rig)
  expect([sent.some((l) => /swipe/i.test(l.join(' '))), shown.some((l) => /swipe/i.test(l.join(' ')))], 'the swipe prompt: sent by the terminal, shown by the machine').to.deep.equal([true, true])
})
