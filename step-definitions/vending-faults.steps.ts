import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import { deviceRequests } from '../support/observations'
import { machineTexts } from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'

// The vending mechanism failing, and what the machine, the terminal and the host make of it.

Given('the Cola slot {word} jams', function (this: CertificationWorld, slot: string) {
  this.unattended.rig.vendingFaults.jam(slot)
})

Given('the Cola slot {word} hangs without ever reporting', function (this: CertificationWorld, slot: string) {
  this.unattended.rig.vendingFaults.hang(slot)
})

Then('the machine answered the terminal\'s go-ahead with a failure after {int} seconds', function (this: CertificationWorld, seconds: number) {
  const { log } = this.unattended.rig
  const goAheads = deviceRequests(log).filter((r) => r.outputs.some((o) => o.target === 'DeliveryBox')).map((r) => r.requestId)
  const answered = goAheads.map((id) => {
    const asked = log.entries.find((e) => e.from === 'terminal' && e.message?.kind === 'DeviceRequest' && e.message.requestId === id)!
    const answer = log.entries.find((e) => e.from === 'ECR' && e.message?.kind === 'DeviceResponse' && e.message.requestId === id)
    return { answer: answer?.message && 'overallResult' in answer.message ? answer.message.overallResult : 'none', afterSeconds: answer ? (answer.atMs - asked.atMs) / 1000 : undefined }
  })
  expect(answered, 'the go-ahead the terminal gave, and the machine\'s answer as the terminal received it').to.deep.equal([{ answer: 'Failure', afterSeconds: seconds }])
})

Then('the payment of {amount} is reversed, so the cardholder is charged nothing', function (this: CertificationWorld, amount: Money) {
  const { ledger } = this.unattended.rig.terminal.host
  expect(ledger.map((a) => ({ amount: a.amount, approved: a.decision.approved, reversed: Boolean(a.reversed) })), 'the payment on the host').to.deep.equal([{ amount, approved: true, reversed: true }])
})

Then('the machine\'s last words to the cardholder are {string}', function (this: CertificationWorld, text: string) {
  expect(machineTexts(this.unattended.rig).at(-1), 'what the machine said last').to.equal(text)
})
