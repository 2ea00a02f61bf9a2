import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import { whenTerminalReceives } from '../support/unattended-recovery'
import { confirmedCompletionsOf, exchangesOf, gapsInSeconds } from '../support/unattended-recovery-observations'
import { capturedOn, reservationStan } from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'

// Someone at the terminal's own keys while the machine needs it: the terminal answers Busy by itself.

/** The merchant menu opens for `seconds` the moment the terminal receives a `requestType`; meanwhile the terminal answers Busy. */
function merchantMenuOpensOn(world: CertificationWorld, requestType: Parameters<typeof whenTerminalReceives>[1], seconds: number): void {
  const { rig } = world.unattended
  whenTerminalReceives(world.unattended, requestType, () => {
    rig.terminal.faults.occupiedWith = 'its merchant menu'
    rig.clock.setTimer(seconds * 1000, () => { rig.terminal.faults.occupiedWith = undefined })
  })
}

Given('someone opens the terminal\'s merchant menu for {int} seconds just as the completion reaches it', function (this: CertificationWorld, seconds: number) {
  merchantMenuOpensOn(this, 'CardFinancialAdvice', seconds)
})

Then('the terminal answered the completion Busy {int} times, {int} seconds apart, each under a new request number, then Success', function (this: CertificationWorld, busy: number, apart: number) {
  const completions = exchangesOf(this.unattended.rig, 'CardFinancialAdvice')
  const ids = completions.map((c) => c.requestId)
  expect({ answers: completions.map((c) => c.result), gaps: gapsInSeconds(completions.map((c) => c.sentAtMs)), fresh: new Set(ids).size === ids.length }, 'the completions as the terminal received and answered them')
    .to.deep.equal({ answers: [...Array<string>(busy).fill('Busy'), 'Success'], gaps: Array<number>(busy).fill(apart), fresh: true })
})

Then('the terminal booked exactly {amount}, the value charger {int} delivered, and nothing twice', function (this: CertificationWorld, amount: Money, charger: number) {
  const { rig } = this.unattended
  const stan = reservationStan(rig)
  expect({ booked: confirmedCompletionsOf(rig, stan), captured: capturedOn(rig, stan), metered: rig.device(String(charger)).runs.map((r) => r.delivered) }, 'completions the terminal confirmed, the capture on the host, the charger\'s meter')
    .to.deep.equal({ booked: [amount], captured: [amount], metered: [amount] })
})

Given('someone opens the terminal\'s merchant menu for {int} seconds just as the machine first asks it to repeat its last answer', function (this: CertificationWorld, seconds: number) {
  merchantMenuOpensOn(this, 'RepeatLastMessage', seconds)
})

Then('the terminal answered the request to repeat its last answer Busy {int} times, {int} seconds apart, each under a new request number, then with the answer to the lost reservation', function (this: CertificationWorld, busy: number, apart: number) {
  const rig = this.unattended.rig
  const [lost] = exchangesOf(rig, 'CardPreAuthorisation')
  const repeats = exchangesOf(rig, 'RepeatLastMessage')
  const ids = repeats.map((r) => r.requestId)
  expect({ answers: repeats.map((r) => r.result), gaps: gapsInSeconds(repeats.map((r) => r.sentAtMs)), fresh: new Set(ids).size === ids.length, names: repeats.at(-1)?.names }, 'the requests to repeat the last answer as the terminal received and answered them, and what the last answer names')
    .to.deep.equal({ answers: [...Array<string>(busy).fill('Busy'), 'Success'], gaps: Array<number>(busy).fill(apart), fresh: true, names: lost.requestId })
})
