// The simulated terminal refuses amounts a real one refuses, whatever a faulty register sends, and says which rule.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RawPeer, startQuietTerminal } from './raw-peer'
import type { RunningTerminalServer } from '../../src/cli/terminal-server'
import { after, before } from 'node:test'

const request = (type: string, id: string, amount: string, currency = 'EUR') =>
  `<?xml version="1.0" encoding="UTF-8"?><CardServiceRequest RequestType="${type}" RequestID="${id}" WorkstationID="LANE-1">` +
  `<POSdata><POSTimeStamp>2026-01-15T09:00:00</POSTimeStamp></POSdata><TotalAmount Currency="${currency}">${amount}</TotalAmount></CardServiceRequest>`

describe('simulated terminal: amounts and currency on the wire', () => {
  let server: RunningTerminalServer
  before(async () => {
    server = await startQuietTerminal()
  })
  after(() => server.stop())

  const cases: [string, string, string, string, string][] = [
    ['CardPayment', '0.00', 'EUR', 'ValidationError', 'TotalAmount 0.00 EUR: an amount must be above zero'],
    ['CardPayment', '-1.00', 'EUR', 'ValidationError', 'TotalAmount -1.00 EUR: an amount cannot be negative (money back is a PaymentRefund of a positive amount)'],
    ['PaymentRefund', '-5.00', 'EUR', 'ValidationError', 'TotalAmount -5.00 EUR: an amount cannot be negative (money back is a PaymentRefund of a positive amount)'],
    ['PaymentRefund', '0.00', 'EUR', 'ValidationError', 'TotalAmount 0.00 EUR: an amount must be above zero'],
    ['CardPayment', '10.00', 'XYZ', 'ValidationError', 'TotalAmount 10.00 XYZ: this terminal takes EUR only'],
    ['CardPayment', '10.001', 'EUR', 'ValidationError', 'CardServiceRequest: TotalAmount: "10.001" is not a plain decimal amount such as 12.34'],
  ]
  for (const [type, amount, currency, result, why] of cases) {
    it(`answers ${type} of ${amount} ${currency} with ${result}, naming the rule, and charges nothing`, async () => {
      const peer = await RawPeer.open(server.channel0)
      peer.writeXml(request(type, '7', amount, currency))
      await peer.until(() => peer.received.length >= 1)
      peer.end()
      const answer = peer.received[0]
      assert.deepEqual([answer.kind === 'CardServiceResponse' && answer.overallResult, answer.kind === 'CardServiceResponse' && answer.privateData?.errorText], [result, why])
      assert.equal(server.terminal.host.ledger.length, 0)
      assert.equal(server.terminal.state, 'idle')
    })
  }
})
