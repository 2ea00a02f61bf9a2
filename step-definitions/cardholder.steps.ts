import { Given } from '@cucumber/cucumber'
import type { CardProfile } from '../src/terminal/cards'
import type { CertificationWorld } from '../support/world'

Given('the cardholder will insert a {card} card and enter the correct PIN', function (this: CertificationWorld, card: CardProfile) {
  this.cardholderWillPay(card, 'chip', 'correct')
})

Given('the cardholder will press Stop instead of presenting a card', function (this: CertificationWorld) {
  this.cardholderWillPressStop()
})
