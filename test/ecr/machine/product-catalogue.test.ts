import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ProductCatalogue } from '../../../src/ecr/machine/product-catalogue'
import { SessionLedger } from '../../../src/ecr/machine/sessions'
import { money } from '../../../src/opi/money'

const catalogue = new ProductCatalogue([
  { code: 'A1', name: 'Cola', price: money(250), enabled: true },
  { code: 'C3', name: 'Crisps', price: money(120), enabled: false },
])

describe('product catalogue', () => {
  it('offers only enabled products', () => {
    assert.deepEqual(catalogue.offered().map((p) => p.code), ['A1'])
  })

  it('finds a product by code, whatever the case and spacing', () => {
    const choice = catalogue.choose(' a1 ')
    assert.ok('product' in choice && choice.product.name === 'Cola')
  })

  it('refuses a disabled product and an unknown code, each with its own reason', () => {
    assert.deepEqual(catalogue.choose('C3'), { refusal: 'product not available' })
    assert.deepEqual(catalogue.choose('Z9'), { refusal: 'invalid product' })
  })
})

describe('session ledger', () => {
  it('holds a device while the session on it is authorising, delivering or completing', () => {
    const ledger = new SessionLedger()
    const session = ledger.open('en', 0)
    session.device = '2'
    for (const state of ['authorising', 'delivering', 'completing'] as const) {
      session.state = state
      assert.equal(ledger.onDevice('2'), session)
    }
    session.state = 'completed'
    assert.equal(ledger.onDevice('2'), undefined)
  })

  it('numbers sessions and finds one by its authorisation request', () => {
    const ledger = new SessionLedger()
    ledger.open('en', 0)
    const second = ledger.open('de', 5)
    second.authorisation = { requestId: '7', requestType: 'CardPayment' }
    assert.equal(second.id, 2)
    assert.equal(ledger.byRequest('7'), second)
    assert.equal(ledger.byRequest('8'), undefined)
  })
})
