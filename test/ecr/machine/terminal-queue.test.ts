import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveUntilSettled } from '../../../src/clock/drive'
import { VirtualClock } from '../../../src/clock/virtual-clock'
import { TerminalQueue } from '../../../src/ecr/machine/terminal-queue'
import type { OpiClient } from '../../../src/ecr/opi-client'
import type { CardServiceRequest, CardServiceResponse, OverallResult } from '../../../src/opi/messages'
import { money } from '../../../src/opi/money'

function request(id: number): CardServiceRequest {
  return { kind: 'CardServiceRequest', requestType: 'CardFinancialAdvice', requestId: String(id), workstationId: 'M', posData: { posTimeStamp: 't' }, totalAmount: money(100) }
}

/** A stand-in client that answers each request after `ms` with the next scripted result. */
function fakeClient(clock: VirtualClock, results: OverallResult[], log: string[], ms = 1000): OpiClient {
  return {
    request: (r: CardServiceRequest) => new Promise<CardServiceResponse>((resolve) => {
      log.push(`start ${r.requestId}`)
      clock.setTimer(ms, () => {
        log.push(`end ${r.requestId}`)
        resolve({ kind: 'CardServiceResponse', requestType: r.requestType, requestId: r.requestId, workstationId: 'M', overallResult: results.shift() ?? 'Success' })
      })
    }),
  } as unknown as OpiClient
}

describe('terminal queue', () => {
  it('sends one request at a time, in the order asked', async () => {
    const clock = new VirtualClock()
    const log: string[] = []
    const queue = new TerminalQueue(fakeClient(clock, [], log), clock, { retryDelayMs: 500, maxAttempts: 3 })
    let n = 0
    const both = Promise.all([queue.send(() => request(++n)), queue.send(() => request(++n))])
    assert.equal(queue.busy, true)
    await driveUntilSettled(clock, both, { what: 'two requests' })
    assert.deepEqual(log, ['start 1', 'end 1', 'start 2', 'end 2'])
    assert.equal(queue.busy, false)
  })

  it('retries a "not now" answer with a fresh request, and gives up after its attempts', async () => {
    const clock = new VirtualClock()
    const log: string[] = []
    const queue = new TerminalQueue(fakeClient(clock, ['Busy', 'DeviceUnavailable', 'Busy'], log), clock, { retryDelayMs: 2000, maxAttempts: 3 })
    let n = 0
    const answer = await driveUntilSettled(clock, queue.send(() => request(++n)), { what: 'a retried request' })
    assert.equal(answer.overallResult, 'Busy')
    assert.deepEqual(log, ['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3'])
    assert.equal(clock.now() - Date.UTC(2026, 0, 15, 9), 3 * 1000 + 2 * 2000)
  })

  it('does not retry a real answer such as a decline', async () => {
    const clock = new VirtualClock()
    const log: string[] = []
    const queue = new TerminalQueue(fakeClient(clock, ['Failure'], log), clock, { retryDelayMs: 2000, maxAttempts: 3 })
    const answer = await driveUntilSettled(clock, queue.send(() => request(1)), { what: 'a declined request' })
    assert.equal(answer.overallResult, 'Failure')
    assert.equal(log.length, 2)
  })
})
