// The reference ECR behind the integration port: the same register, read through the port.
import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import type { IntegrationUnderTest } from '../../src/integration/integration-under-test'
import { ReferenceEcrIntegration } from '../../src/integration/reference-ecr-integration'
import { money } from '../../src/opi/money'
import { cardProfile } from '../../src/terminal/cards'
import { SimulatedRig } from '../../support/simulated-rig'

const rigs: SimulatedRig[] = []
after(() => rigs.forEach((r) => r.dispose()))

async function rig() {
  const r = await SimulatedRig.create({ terminal: 'simulated', link: 'memory', dialect: 'nl', seed: 5 })
  rigs.push(r)
  await r.start()
  r.cardholder.willPay({ card: cardProfile('Maestro'), entry: 'chip', pin: 'correct', reactionMs: 1000 })
  const integration: IntegrationUnderTest = new ReferenceEcrIntegration(r)
  return { r, integration }
}

const paymentsSent = (r: SimulatedRig) => r.log.messages().filter((m) => m.kind === 'CardServiceRequest' && m.requestType === 'CardPayment')

describe('reference ECR through the integration port', () => {
  it('pays a new sale and reads back the journal, receipts of both printers and the screen', async () => {
    const { r, integration } = await rig()
    const outcome = await r.run('payment', () => integration.payByCard(money(1000)))
    assert.equal(outcome.status, 'approved')
    const journal = await integration.journal()
    assert.deepEqual(journal.map((e) => ({ id: e.requestId, result: e.result, amount: e.amount })), [{ id: outcome.requestId, result: 'approved', amount: money(1000) }])
    assert.deepEqual((await integration.printouts()).map((p) => [p.printer, p.lines.at(-1)]), [['receipt', 'CUSTOMER COPY'], ['journal', 'MERCHANT COPY']])
    assert.deepEqual((await integration.display()).at(-1)?.lines, ['Payment approved', '10.00 EUR'])
    assert.deepEqual(await integration.state(), { paymentRunning: false, saleOpen: false, leftToPay: undefined })
  })

  it('pays part of the open sale and says what is left', async () => {
    const { r, integration } = await rig()
    r.ecr.openSale(money(3000))
    assert.equal((await r.run('first part', () => integration.payByCard(money(1000), { part: true }))).status, 'approved')
    assert.deepEqual(await integration.state(), { paymentRunning: false, saleOpen: true, leftToPay: money(2000) })
  })

  it('refuses 0.00 itself: nothing reaches the terminal', async () => {
    const { r, integration } = await rig()
    assert.equal((await r.run('zero', () => integration.payByCard(money(0)))).status, 'refused by register')
    assert.deepEqual(paymentsSent(r), [])
  })

  it('tells the terminal the printer state the environment set', async () => {
    const { r, integration } = await rig()
    await integration.setPrinter('receipt', { state: 'PaperEmpty' })
    await r.run('payment', () => integration.payByCard(money(1000)))
    const [sent] = paymentsSent(r)
    assert.equal(sent?.kind === 'CardServiceRequest' ? sent.posData.printerStatus : undefined, 'PaperEmpty')
  })

  it('says plainly that it offers no refunds', async () => {
    const { integration } = await rig()
    await assert.rejects(integration.refund(money(100)), /the reference ECR \(in-process\) does not offer refunds/)
  })

  it('restarts as after a power loss, keeping its journal', async () => {
    const { r, integration } = await rig()
    await r.run('payment', () => integration.payByCard(money(1000)))
    assert.equal(await integration.restart(), undefined)
    assert.deepEqual((await integration.journal()).map((e) => e.result), ['approved'])
  })
})
