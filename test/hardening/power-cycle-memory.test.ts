// What the terminal remembers of a request the power took away: nobody pressed Stop.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveFor } from '../../src/clock/drive'
import { bench } from '../terminal/bench'

describe('simulated terminal: a power cycle during a payment', () => {
  it('repeats the lost payment as interrupted by the power failure, not as cancelled by the cardholder', async () => {
    const b = await bench()
    await b.client.start()
    const lost = b.startPayment(10).catch((error: Error) => error)
    await driveFor(b.clock, 2_000)
    await b.run(b.terminal.powerCycle())
    assert.equal((await b.run(lost)).constructor.name, 'ResultUnknown')
    const repeated = await b.cardService('RepeatLastMessage')
    assert.deepEqual([repeated.overallResult, repeated.privateData?.errorText, repeated.originalHeader?.requestId],
      ['Failure', 'interrupted by a power failure before the card was authorised', '101'])
  })
})
