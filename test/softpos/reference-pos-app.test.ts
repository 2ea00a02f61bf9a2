import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { TrafficMeter } from '../../src/link/traffic-meter'
import { money } from '../../src/opi/money'
import { SimulatedCcvBackend } from '../../src/softpos/api/ccv-backend'
import { DEFAULT_TEST_API_KEY, PaymentApiServer } from '../../src/softpos/api/payment-api-server'
import { SimulatedPhone } from '../../src/softpos/phone/softpos-app'
import { OrderStore } from '../../src/softpos/pos/order-store'
import { PaymentApiClient } from '../../src/softpos/pos/payment-api-client'
import { ReferencePosApp } from '../../src/softpos/pos/reference-pos-app'

describe('reference POS app: recovery never makes a second payment', () => {
  let dir: string
  let clock: VirtualClock
  let meter: TrafficMeter
  let backend: SimulatedCcvBackend
  let server: PaymentApiServer
  let phone: SimulatedPhone
  const run = <T>(work: Promise<T>) => driveUntilSettled(clock, work, { what: 'the POS app', settleIo: () => meter.settle() })
  const posApp = (store: OrderStore) => new ReferencePosApp({ client: new PaymentApiClient(server.baseUrl, DEFAULT_TEST_API_KEY, meter), sdk: phone, store, clock, deviceId: 'dev' })

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'softpos-pos-test-'))
    clock = new VirtualClock()
    meter = new TrafficMeter()
    backend = new SimulatedCcvBackend(clock)
    server = new PaymentApiServer({ backend, clock, meter })
    phone = new SimulatedPhone(backend, clock)
    backend.createTerminal('T-1')
    await server.listen({ host: '127.0.0.1', port: 0 })
  })
  afterEach(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('finds the payment CCV created before the app died, by its merchantOrderReference, and follows it', async () => {
    const installer = new OrderStore(join(dir, 'pos.db'))
    assert.equal(await run(posApp(installer).installTerminal('T-1')), true)
    // The app wrote its attempt and CCV created the payment, but the app died before it read the answer.
    const order = installer.createOrder(1000, 'EUR')
    const attempt = installer.beginAttempt(order.id, clock.now(), 'dev')
    installer.close()
    const created = backend.createPayment({ amount: '10.00', currency: 'EUR', method: 'softpos', merchantOrderReference: attempt.merchantOrderReference, details: { terminalId: 'T-1' } })
    const callsBefore = server.calls.length

    const store = new OrderStore(join(dir, 'pos.db'))
    const restarted = posApp(store)
    await run(restarted.start())

    const first = server.calls[callsBefore]
    assert.deepEqual([first.method, first.path, first.status], ['POST', '/api/v1/payment', 200])
    assert.equal(backend.transactions().filter((t) => t.merchantOrderReference === attempt.merchantOrderReference).length, 1)
    assert.equal(store.attempt(attempt.merchantOrderReference).reference, created.transaction.reference)
    // Nobody tapped: CCV let the payment expire, so the order is unpaid and nothing was charged.
    assert.equal(store.order(order.id).state, 'unpaid')
    assert.deepEqual(backend.charges, [])
    store.close()
  })

  it('refuses to take a paid order again', async () => {
    const store = new OrderStore(join(dir, 'pos.db'))
    const pos = posApp(store)
    await run(pos.start())
    assert.equal(await run(pos.installTerminal('T-1')), true)
    phone.onCardPrompt(() => clock.setTimer(1000, () => phone.tap({ label: 'test card', issuerApproves: true })))
    const paid = await run(pos.payOrder(money(750)))
    assert.equal(paid.state, 'paid')
    const again = await run(pos.retryOrder(paid.id))
    assert.equal(again.state, 'paid')
    assert.equal(pos.screen.at(-1)?.kind, 'refused')
    assert.deepEqual([backend.transactions().length, backend.charges.length], [1, 1])
    store.close()
  })

  it('keeps a payment CCV could not be reached for as unknown, and settles it on the next start', async () => {
    const store = new OrderStore(join(dir, 'pos.db'))
    const pos = posApp(store)
    await run(pos.start())
    assert.equal(await run(pos.installTerminal('T-1')), true)
    await server.close()
    const order = await run(pos.payOrder(money(1200)))
    assert.equal(order.state, 'awaiting')
    assert.equal(pos.screen.at(-1)?.kind, 'contact ccv')
    assert.deepEqual(store.attempts(order.id).map((a) => a.status), ['not created'])
    assert.equal((await run(pos.retryOrder(order.id))).state, 'awaiting')
    pos.stop()

    // CCV is back (at a new address); the POS app starts again and first settles the unknown payment.
    server = new PaymentApiServer({ backend, clock, meter })
    await server.listen({ host: '127.0.0.1', port: 0 })
    const reopened = new OrderStore(join(dir, 'pos.db'))
    await run(posApp(reopened).start())
    assert.equal(backend.transactions().length, 1)
    assert.equal(reopened.order(order.id).state, 'unpaid')
    assert.deepEqual(backend.charges, [])
    reopened.close()
  })

  it('will not take a payment before its start-up has resolved what was unfinished', async () => {
    const store = new OrderStore(join(dir, 'pos.db'))
    await assert.rejects(posApp(store).payOrder(money(500)), /has not finished starting/)
    assert.deepEqual(store.orders(), [])
    store.close()
  })
})
