import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { CertificationWorld } from '../support/world'

Given('terminal {string} exists in CCV\'s terminal management', function (this: CertificationWorld, terminalId: string) {
  this.softpos.terminalExists(terminalId)
})

Given('terminal {string} is installed on the phone', async function (this: CertificationWorld, terminalId: string) {
  await this.softpos.terminalInstalled(terminalId)
})

Given('the merchant installed terminal {string} again from the POS app', async function (this: CertificationWorld, terminalId: string) {
  await this.softpos.terminalInstalled(terminalId)
})

Given('the merchant installed terminal {string} on a new phone', async function (this: CertificationWorld, terminalId: string) {
  await this.softpos.terminalInstalledOnNewPhone(terminalId)
})

When('the merchant installs terminal {string} from the POS app', async function (this: CertificationWorld, terminalId: string) {
  await this.softpos.installTerminal(terminalId)
})

Given(/^the merchant (?:started the installation of|tried to install) terminal "([^"]+)"(?: again)?(?: from the POS app)?$/, async function (this: CertificationWorld, terminalId: string) {
  await this.softpos.installTerminal(terminalId)
})

When(/^the merchant uninstall(?:s|ed) the terminal from the POS app$/, async function (this: CertificationWorld) {
  await this.softpos.uninstallTerminal()
})

Given('CCV\'s back office uninstalled terminal {string}', function (this: CertificationWorld, terminalId: string) {
  this.softpos.backOfficeUninstalls(terminalId)
})

Given('a colleague starts installing terminal {string} on another phone at the same time', function (this: CertificationWorld, terminalId: string) {
  this.softpos.colleagueWillStartInstalling(terminalId)
})

Given('the phone has no internet connection', function (this: CertificationWorld) {
  this.softpos.rig.phone.setOnline(false)
})

Given(/^the (?:CCV SoftPOS app is not on the phone|merchant uninstalled the CCV SoftPOS app from the phone)$/, function (this: CertificationWorld) {
  this.softpos.rig.phone.uninstallApp()
})

Given('the merchant installed the CCV SoftPOS app from the Play Store', function (this: CertificationWorld) {
  this.softpos.rig.phone.installApp()
})

Given('the merchant cleared the CCV SoftPOS app\'s data in the phone\'s settings', function (this: CertificationWorld) {
  this.softpos.rig.phone.clearAppData()
})

Then('the POS app shows that the terminal is ready for payments', function (this: CertificationWorld) {
  expect(this.softpos.lastShown().kind).to.equal('ready')
})

Then('the POS app shows that the terminal is already installed', function (this: CertificationWorld) {
  expect(this.softpos.lastShown().kind).to.equal('already installed')
})

Then(/^CCV reports terminal "([^"]+)" as (installed|not installed)$/, function (this: CertificationWorld, terminalId: string, status: string) {
  expect(this.softpos.rig.backend.terminal(terminalId).installationStatus).to.equal(status.replace(' ', '_'))
})

Then(/^CCV was told (\d+) times? that the installation of terminal "([^"]+)" completed$/, function (this: CertificationWorld, times: string, terminalId: string) {
  const told = this.softpos.rig.api.calls.filter((c) => c.method === 'POST' && c.path === `/api/v1/softpos/terminal/${terminalId}/install-completed` && c.status === 200)
  expect(told).to.have.length(Number(times))
})

Then('the POS app has terminal {string} on record', function (this: CertificationWorld, terminalId: string) {
  expect(this.softpos.terminalOnRecord()).to.equal(terminalId)
})

Then('the POS app has no terminal on record', function (this: CertificationWorld) {
  expect(this.softpos.terminalOnRecord()).to.equal(undefined)
})

Then('the POS app shows that the installation failed, naming {string}, and offers to try again', function (this: CertificationWorld, code: string) {
  const shown = this.softpos.lastShown()
  expect(shown.kind).to.equal('installation failed')
  expect(shown.text).to.include(code).and.to.match(/try again/i)
})

Then('the POS app shows that the CCV SoftPOS app must be installed, naming {string}', function (this: CertificationWorld, code: string) {
  const shown = this.softpos.lastShown()
  expect(shown.kind).to.equal('softpos app missing')
  expect(shown.text).to.include(code).and.to.include('Google Play Store')
})

Then('the POS app shows that payments are off until a terminal is installed', function (this: CertificationWorld) {
  expect(this.softpos.lastShown().kind).to.equal('uninstalled')
})

Then('the POS app shows that no terminal is installed', function (this: CertificationWorld) {
  expect(this.softpos.lastShown().kind).to.equal('no terminal')
})

Then('the POS app shows that the terminal is no longer installed and how to install it again', function (this: CertificationWorld) {
  const shown = this.softpos.lastShown()
  expect(shown.kind).to.equal('terminal not installed')
  expect(shown.text).to.include('Install the terminal again')
})

Then(/^the POS app (shows|showed) that the terminal must be installed again$/, function (this: CertificationWorld, tense: string) {
  const shown = tense === 'shows' ? this.softpos.lastShown() : this.softpos.shownSinceWhen().find((m) => m.kind === 'reinstall terminal')
  expect(shown, 'a message that the terminal must be installed again').to.not.equal(undefined)
  if (!shown) return
  expect(shown.kind).to.equal('reinstall terminal')
  expect(shown.text).to.include('Install the terminal again')
})

Then('the phone holds terminal {string} from a new installation code', function (this: CertificationWorld, terminalId: string) {
  const codes = this.softpos.rig.backend.activations.filter((a) => a.terminalId === terminalId).map((a) => a.payload)
  expect(codes.length, 'installations of the terminal').to.be.at.least(2)
  expect(codes.slice(0, -1)).to.not.include(codes.at(-1))
  expect(this.softpos.rig.phone.installedTerminal).to.equal(terminalId)
})
