import { Given } from '@cucumber/cucumber'
import type { Money } from '../src/opi/money'
import type { CardProfile } from '../src/terminal/cards'
import { cableOutAtReservation, cableOutDuringCharge, restartDuringCharge, terminalOffUntil, whenTerminalReceives } from '../support/unattended-recovery'
import type { CertificationWorld } from '../support/world'

// What happens to the terminal and the cable around the machine: the environment of the exception and recovery cases.

Given('the terminal is in its maintenance menu for the first {int} minutes', function (this: CertificationWorld, minutes: number) {
  const { rig, events } = this.unattended
  rig.terminal.restarts.maintenance(minutes * 60_000)
  events.push({ what: 'terminal free', atMs: rig.clock.now() + minutes * 60_000 })
})

Given('the terminal sleeps after {int} idle minutes and takes {int} seconds to wake up', function (this: CertificationWorld, minutes: number, seconds: number) {
  this.unattended.rig.terminal.enableSleepMode({ sleepAfterIdleMs: minutes * 60_000, wakeUpMs: seconds * 1000 })
})

Given('the terminal is off and comes up {int} minutes after the machine is switched on', async function (this: CertificationWorld, minutes: number) {
  await terminalOffUntil(this.unattended, minutes)
})

Given('the cable between machine and terminal comes out as the reservation is asked for, for {int} minutes', function (this: CertificationWorld, minutes: number) {
  cableOutAtReservation(this.unattended, minutes)
})

Given('the cable between machine and terminal comes out {int} minutes into the charge on charger {int}, for {int} minutes', function (this: CertificationWorld, minutes: number, charger: number, forMinutes: number) {
  cableOutDuringCharge(this.unattended, String(charger), minutes, forMinutes)
})

Given('the terminal installs a component update {int} minutes into the charge on charger {int}', function (this: CertificationWorld, minutes: number, charger: number) {
  restartDuringCharge(this.unattended, String(charger), minutes, 'component update')
})

Given('the terminal\'s daily reboot comes {int} minutes into the charge on charger {int}', function (this: CertificationWorld, minutes: number, charger: number) {
  restartDuringCharge(this.unattended, String(charger), minutes, 'daily reboot')
})

Given('the CCV client restarts just as the completion reaches the terminal', function (this: CertificationWorld) {
  whenTerminalReceives(this.unattended, 'CardFinancialAdvice', () => void this.unattended.rig.terminal.restarts.restart('client restart'))
})

Given('a(nother) driver arrives {int} minutes later, chooses charger {int} and pays with a {card} card and PIN', function (this: CertificationWorld, minutes: number, charger: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(charger)], arrivesAfterMinutes: minutes, card: { card, entry: 'chip', pin: 'correct' } })
})

Given('a driver will choose charger {int} and never present a card', function (this: CertificationWorld, charger: number) {
  this.unattended.cardholderWill({ entries: [String(charger)] })
})

Given('another driver arrives {int} minutes later and charges on charger {int} for {int} minutes at {amount} a minute, paying with a {card} card and PIN', function (this: CertificationWorld, arrives: number, charger: number, minutes: number, perMinute: Money, card: CardProfile) {
  this.unattended.cardholderWill({ entries: [String(charger)], arrivesAfterMinutes: arrives, card: { card, entry: 'chip', pin: 'correct' } })
  this.unattended.deviceWillBeUsed(String(charger), { startsAfterMinutes: 1, minutes, perMinute })
})

Given('a driver will choose charger {int} and insert a {card} card whose chip cannot be read, then never swipe it', function (this: CertificationWorld, charger: number, card: CardProfile) {
  this.unattended.rig.terminal.face.unreadableChips.add(card.name)
  this.unattended.cardholderWill({ entries: [String(charger)], card: { card, entry: 'chip', pin: 'correct' } })
})
