import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { CardProfile } from '../src/terminal/cards'
import { cashierMessageArrivals, deviceRequests } from '../support/observations'
import type { CertificationWorld } from '../support/world'

Given('the cardholder will insert a {card} card and enter the correct PIN', function (this: CertificationWorld, card: CardProfile) {
  this.cardholderWillPay(card, 'chip', 'correct')
})

Given('the cardholder will tap a {card} card', function (this: CertificationWorld, card: CardProfile) {
  this.cardholderWillPay(card, 'contactless', 'none')
})

Given('the cardholder will swipe a {card} card and enter the correct PIN', function (this: CertificationWorld, card: CardProfile) {
  this.cardholderWillPay(card, 'magstripe', 'correct')
})

Given('the cardholder will insert a {card} card and press Stop instead of entering the PIN', function (this: CertificationWorld, card: CardProfile) {
  this.cardholderWillPay(card, 'chip', 'stop')
})

Given('the cardholder will insert a {card} card and walk away at the PIN prompt', function (this: CertificationWorld, card: CardProfile) {
  this.cardholderWillPay(card, 'chip', 'none')
})

Given('the cardholder will insert a {card} card, enter the correct PIN and leave the card in the reader', function (this: CertificationWorld, card: CardProfile) {
  this.cardholderWillPay(card, 'chip', 'correct', { leavesCardIn: true })
})

Given('the cardholder will hold a {card} card and a {card} card to the reader together, then tap the {card} card alone', function (this: CertificationWorld, first: CardProfile, second: CardProfile, chosen: CardProfile) {
  this.cardholderWillPay(chosen, 'contactless', 'none', { alsoInField: [first, second].filter((c) => c !== chosen) })
})

// The cardholder's prompts reach the cashier too: what the terminal sent for the cashier is the record.
Then('the cardholder is never asked for a PIN', function (this: CertificationWorld) {
  expect(cashierMessageArrivals(this.rig.log).map((m) => m.lines.join(' ')).filter((text) => /PIN/i.test(text)), 'PIN prompts the terminal sent').to.deep.equal([])
})

Then('the cardholder is asked for a PIN and never for a signature', function (this: CertificationWorld) {
  const prompts = cashierMessageArrivals(this.rig.log).map((m) => m.lines.join(' '))
  expect({ pinPrompts: prompts.filter((t) => /PIN/i.test(t)).length > 0, signatureQuestions: deviceRequests(this.rig.log).filter((r) => r.input).length }, 'verification the terminal asked for').to.deep.equal({ pinPrompts: true, signatureQuestions: 0 })
})

Given('the cardholder will press Stop instead of presenting a card', function (this: CertificationWorld) {
  this.cardholderWillPressStop()
})
