import { Given, Then, type DataTable } from '@cucumber/cucumber'
import { expect } from 'chai'
import { parseDecimal, type Money } from '../src/opi/money'
import type { CertificationWorld } from '../support/world'

// The machine as the operator sets it up, and the state it is left in.

Given('a charging station with {int} chargers that reserves {amount} per session', async function (this: CertificationWorld, count: number, reservation: Money) {
  await this.unattended.openStation('charger', count)
  this.unattended.rig.machine.configure({ reservation })
})

Then('the machine and the terminal are ready for the next cardholder', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect({ terminal: rig.terminal.state, screen: rig.machine.panel.prompt, language: rig.machine.panel.language }, 'machine and terminal after the session').to.deep.equal({ terminal: 'idle', screen: 'idle', language: 'en' })
  expect(rig.devices.filter((d) => d.delivering).map((d) => d.id), 'devices still delivering').to.deep.equal([])
})

Given('a vending machine selling:', async function (this: CertificationWorld, table: DataTable) {
  await this.unattended.openVendingMachine(table.hashes().map((row) => ({ code: row.code, name: row.product, price: parseDecimal(row.price.replace(' EUR', '')), enabled: row.enabled !== 'no' })))
})
