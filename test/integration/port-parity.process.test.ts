// The same cashier journeys through the integration port, once with the reference ECR in-process and once
// with python-pos through the driver contract: what each concluded, journaled and showed must agree.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DriverClient } from '../../src/integration/driver-client'
import { DriverIntegration } from '../../src/integration/driver-integration'
import type { IntegrationUnderTest } from '../../src/integration/integration-under-test'
import { ReferenceEcrIntegration } from '../../src/integration/reference-ecr-integration'
import { money, type Money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import { SimulatedRig } from '../../support/simulated-rig'
import { JOURNEYS, journey } from './cashier-journeys'
import { startPosPair, type PosPair } from './pos-processes'

/** A broken variant must differ where it is broken (python-pos-faults.process.test.ts) and nowhere else: here. */
const VARIANTS = [undefined, 'book-lost-as-declined', 'abort-per-keypress'] as const

// Each variant has its own processes, so the three run side by side; the journeys of one run in order.
describe('python-pos and its variants through the port', { concurrency: true }, () => {
for (const fault of VARIANTS) {
  describe(`the integration port: the reference ECR and python-pos${fault ? ` --fault ${fault}` : ''} agree`, { concurrency: 1 }, () => {
    const rigs: SimulatedRig[] = []
    let pair: PosPair
    let integration: DriverIntegration
    before(async () => {
      pair = await startPosPair({ terminal: 'in-process', fault })
      integration = new DriverIntegration(new DriverClient({ baseUrl: pair.driverUrl, timeoutMs: 5000 }), { operationTimeoutMs: 20_000 })
      await integration.start()
    })
    after(async () => {
      rigs.forEach((r) => r.dispose())
      await pair.stop()
    })

    async function reference(journeyRun: (i: IntegrationUnderTest) => Promise<{ status: string; amount: Money }>) {
      const r = await SimulatedRig.create({ terminal: 'simulated', link: 'memory', dialect: 'nl', seed: 7 })
      rigs.push(r)
      await r.start()
      r.cardholder.willPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 1000 })
      const ours = new ReferenceEcrIntegration(r)
      return r.run('the journey', () => journey(ours, journeyRun))
    }

    it('names python-pos and its fault in the report', () => {
      assert.equal(integration.description, `python-pos${fault ? ` (fault: ${fault})` : ''} 0.1.0 (driver contract 0.1.0)`)
    })

    for (const [name, run] of JOURNEYS) {
      it(name, async () => {
        const ours = await reference(run)
        assert.deepEqual(await journey(integration, run), ours)
      })
    }
  })
}
})

describe('the driver adapter', () => {
  let pair: PosPair
  let integration: DriverIntegration
  before(async () => {
    pair = await startPosPair({ terminal: 'in-process' })
    integration = new DriverIntegration(new DriverClient({ baseUrl: pair.driverUrl, timeoutMs: 5000 }), { operationTimeoutMs: 20_000 })
    await integration.start()
  })
  after(() => pair.stop())

  it('reads the receipts of both printers and the terminal record of the journal', async () => {
    const outcome = await integration.payByCard(money(1234))
    assert.deepEqual((await integration.printouts()).map((p) => [p.printer, p.requestId, p.lines.at(-1)]),
      [['receipt', outcome.requestId, 'CUSTOMER COPY'], ['journal', outcome.requestId, 'MERCHANT COPY']])
    assert.ok((await integration.journal())[0].terminalRecord.includes('Amount      EUR 12.34'))
  })

  it('refunds, reverses, closes the period and reprints through the contract', async () => {
    assert.equal((await integration.refund(money(500))).status, 'approved')
    assert.deepEqual(await integration.reprintLastTicket(), { succeeded: true, reason: undefined })
    assert.deepEqual(await integration.closePeriod(), { succeeded: true, reason: undefined })
  })

  it('restarts the POS, which keeps its journal', async () => {
    const before = (await integration.journal()).length
    assert.equal(await integration.restart(), undefined)
    assert.equal((await integration.journal()).length, before)
  })
})
