import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AcceptedCircuits } from '../../../src/ecr/machine/card-circuits'
import { money } from '../../../src/opi/money'
import type { ServiceResponse } from '../../../src/opi/messages'
import { cardProfile } from '../../../src/terminal/cards'
import { UnattendedScenario } from '../../../support/unattended-scenario'

const answer = (overallResult: ServiceResponse['overallResult'], codes?: string[]): ServiceResponse => ({
  kind: 'ServiceResponse', requestType: 'GetCardCircuits', requestId: '1', workstationId: 'M', overallResult,
  cardCircuits: codes?.map((code) => ({ code, displayName: code })),
})

describe('accepted card circuits', () => {
  it('refuses nothing before the terminal has answered, and keeps the last list when an answer fails', async () => {
    const circuits = new AcceptedCircuits()
    assert.equal(circuits.refuses('AMEX'), false)
    await circuits.refresh(() => Promise.resolve(answer('Success', ['MAES', 'VISA'])))
    await circuits.refresh(() => Promise.resolve(answer('Failure')))
    assert.deepEqual([circuits.names(), circuits.refuses('AMEX'), circuits.refuses('MAES'), circuits.needsRefresh], [['MAES', 'VISA'], true, false, false])
  })

  it('asks the terminal again before the next payment once the terminal was out of reach', async () => {
    const scenario = await UnattendedScenario.create({ terminal: 'simulated', link: 'memory', dialect: 'nl', seed: 3 })
    await scenario.openVendingMachine([{ code: 'A1', name: 'Cola', price: money(250), enabled: true }])
    await scenario.rig.terminal.stop()
    const tap = { card: cardProfile('Visa'), entry: 'contactless' as const, pin: 'none' as const }
    scenario.cardholderWill({ entries: ['A1', '1', 'yes'], card: tap })
    await scenario.serveOneAfterAnother()
    await scenario.rig.terminal.start()
    // The machine is out of order until it notices by itself that the terminal is back (issue 14).
    await scenario.rig.wait(60_000)
    scenario.cardholders.length = 0
    scenario.cardholderWill({ entries: ['A1', '1', 'yes'], card: tap })
    await scenario.serveOneAfterAnother()
    // Status checks are the machine's start-up and return to service, not card-circuit questions.
    const sent = scenario.rig.log.messages().filter((m) => (m.kind === 'ServiceRequest' && m.requestType !== 'GetStatus') || m.kind === 'CardServiceRequest').map((m) => m.requestType)
    assert.deepEqual(sent, ['GetCardCircuits', 'GetCardCircuits', 'CardPayment'])
    assert.deepEqual(scenario.sessions.map((s) => s.state), ['refused', 'completed'])
  })
})
