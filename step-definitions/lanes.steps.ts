import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import { cardProfile } from '../src/terminal/cards'
import { outputsSentTo } from '../support/observations'
import type { CertificationWorld } from '../support/world'

// Two registers (lanes) at one terminal: each lane's conversation and printer are its own witnesses.

Given('a second register, lane 2, shares the terminal', async function (this: CertificationWorld) {
  this.secondLane = await this.rig.addSecondLane()
})

Given('lane 2\'s customer is paying {amount} with a Maestro card, taking 20 seconds over each step', async function (this: CertificationWorld, amount: Money) {
  this.rig.environment.cardholderWillPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 20_000 })
  this.secondLane!.ecr.openSale(amount)
  this.secondLane!.payment = this.secondLane!.ecr.payByCard()
  await this.rig.wait(3_000)
})

Then('lane 2\'s payment of {amount} is approved, with its receipt printed at lane 2', async function (this: CertificationWorld, amount: Money) {
  const lane = this.secondLane!
  const outcome = await this.rig.run('lane 2\'s payment', () => lane.payment!)
  const receipts = outputsSentTo(lane.log, 'Printer').map((o) => o.lines.join('\n'))
  expect({ status: outcome.status, amount: outcome.amount, printedAtLane2: lane.ecr.printer.printed.length > 0 && receipts.every((r) => r.includes(`EUR ${(amount.minor / 100).toFixed(2)}`)) },
    'lane 2\'s outcome and its own printer').to.deep.equal({ status: 'approved', amount, printedAtLane2: true })
})

Then('nothing of lane 2\'s payment reached this register', function (this: CertificationWorld) {
  const laneTwoIds = this.secondLane!.log.messages().filter((m) => m.kind === 'CardServiceRequest').map((m) => m.requestId)
  const here = this.rig.log.messages().filter((m) => m.kind === 'DeviceRequest' && laneTwoIds.some((id) => m.requestId.startsWith(`${id}.`)))
  expect({ deviceRequests: here.length, printed: this.seen.receipts.length, shown: this.seen.display.filter((d) => d.lines.join(' ').includes('25.00')).length },
    'lane 2\'s device requests, receipts and screens at lane 1').to.deep.equal({ deviceRequests: 0, printed: 0, shown: 0 })
})
