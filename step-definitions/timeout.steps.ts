import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { CardProfile } from '../src/terminal/cards'
import { CaseNotRun } from '../src/operator/not-run'
import { cardServiceResponses } from '../support/observations'
import type { CertificationWorld } from '../support/world'

Then('the terminal ends the payment by its time-out, before the register gives up', function (this: CertificationWorld) {
  const answers = cardServiceResponses(this.rig.log).filter((r) => r.response.requestId === this.payment().requestId).map((r) => r.response.overallResult)
  expect({ terminalAnswered: answers, registerConcluded: this.payment().status }, 'the terminal\'s answer to the payment, and what the register made of it').to.deep.equal({ terminalAnswered: ['TimedOut'], registerConcluded: 'timed out' })
})

// The register's silence limit (blix-opi's T2): how long the terminal may say nothing while a request runs.

Given('service staff have set the register to give up after {int} seconds without a word from the terminal', async function (this: CertificationWorld, seconds: number) {
  // A setting of the reference register, read when it starts; an integrator's POS has its own settings, set before the run.
  if (!('restartRegisterWith' in this.rig)) throw new CaseNotRun('the register\'s silence limit is a setting of the reference register in simulation; on the bench and for a POS it is set in the register\'s own configuration before the run')
  await this.rig.restartRegisterWith({ silenceTimeoutMs: seconds * 1000 })
})

Given(/^the terminal sends its prompts and printouts (on a connection of its own to the register|on the payment's own connection), as the register is set up for$/, async function (this: CertificationWorld, route: string) {
  // A property of the terminal model (CCV mAPI's SINGLE_SOCKET) and the register's matching setting; a serial line is always single.
  if (!('restartRegisterWith' in this.rig)) throw new CaseNotRun('which connection the terminal sends its prompts on is a property of the terminal on the bench, set up before the run')
  const socketMode = route === 'on the payment\'s own connection' ? 'single' : 'dual'
  this.rig.terminal.firmware.socketMode = socketMode
  await this.rig.restartRegisterWith({ socketMode })
})

Given('the cardholder will insert a {card} card and enter the correct PIN, taking {int} seconds over each step', function (this: CertificationWorld, card: CardProfile, seconds: number) {
  this.rig.environment.cardholderWillPay({ card, entry: 'chip', pin: 'correct', reactionMs: seconds * 1000 })
})

/** When the cashier last saw a word from the terminal on the register's screen, and when the register gave up. */
function silenceBeforeGivingUp(w: CertificationWorld) {
  const shown = w.seen.display
  const gaveUp = shown.findIndex((m) => m.source === 'register' && m.lines[0] === 'Payment result unknown')
  if (gaveUp < 0) return { lastWordFromTheTerminal: shown.filter((m) => m.source === 'terminal').at(-1)?.lines, gaveUpAfterSeconds: 'never gave up' }
  const last = shown.slice(0, gaveUp).filter((m) => m.source === 'terminal').at(-1)
  return { lastWordFromTheTerminal: last?.lines, gaveUpAfterSeconds: last ? (shown[gaveUp].atMs - last.atMs) / 1000 : 'nothing shown' }
}

Then('the register gave up {int} seconds after the cashier saw {string}, the terminal\'s last word', function (this: CertificationWorld, seconds: number, words: string) {
  expect(silenceBeforeGivingUp(this), 'the terminal\'s last message on the register\'s screen, and the silence until the register gave up').to.deep.equal({ lastWordFromTheTerminal: [words], gaveUpAfterSeconds: seconds })
})
