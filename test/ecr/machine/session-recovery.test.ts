import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { driveUntilSettled } from '../../../src/clock/drive'
import { VirtualClock } from '../../../src/clock/virtual-clock'
import { recoverLostAnswer } from '../../../src/ecr/machine/machine-recovery'
import { SqliteSessionStore } from '../../../src/ecr/machine/sqlite-session-store'
import type { CardServiceResponse } from '../../../src/opi/messages'
import { money } from '../../../src/opi/money'

const answer = (overallResult: CardServiceResponse['overallResult'], names?: string): CardServiceResponse => ({
  kind: 'CardServiceResponse', requestType: 'RepeatLastMessage', requestId: '9', workstationId: 'M', overallResult,
  originalHeader: names ? { requestId: names, requestType: 'CardPreAuthorisation', workstationId: 'M' } : undefined,
})

describe('machine session store on SQLite', () => {
  it('keeps open sessions across a reopen of the file, and their numbers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccv-sessions-'))
    try {
      const path = join(dir, 'machine.db')
      const first = new SqliteSessionStore(path)
      first.save({ id: 1, language: 'en', device: '1', state: 'delivering', authRequestId: '3', authRequestType: 'CardPreAuthorisation', stan: '000001', approvalCode: 'A1', approved: money(5000), metered: money(475), startedAtMs: 1, updatedAtMs: 2 })
      first.save({ id: 2, language: 'nl', state: 'settled', metered: money(0), startedAtMs: 3, updatedAtMs: 4 })
      first.close()
      const again = new SqliteSessionStore(path)
      assert.deepEqual(again.open().map((s) => [s.id, s.state, s.stan, s.metered.minor, s.approved?.minor, s.awaitingRequestId]), [[1, 'delivering', '000001', 475, 5000, undefined]])
      assert.equal(again.lastSessionId(), 2)
      again.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('recovering a lost answer', () => {
  const run = (answers: (CardServiceResponse | Error)[]) => {
    const clock = new VirtualClock()
    const asked: string[] = []
    const port = { clock, ask: (type: 'RepeatLastMessage' | 'TicketReprint') => {
      asked.push(type)
      const next = answers.shift() ?? new Error('no more answers')
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next)
    } }
    return driveUntilSettled(clock, recoverLostAnswer(port, '7', { attempts: 4, pauseMs: 1000 }), { what: 'recovery' }).then((lost) => ({ lost, asked }))
  }

  it('trusts a repeated answer only when its OriginalHeader names the lost request', async () => {
    assert.deepEqual((await run([answer('Success', '7')])).lost.kind, 'answered')
    assert.deepEqual((await run([answer('Success', '6')])).lost, { kind: 'not ours', lastRequestId: '6' })
    assert.deepEqual((await run([answer('Success')])).lost, { kind: 'not ours', lastRequestId: undefined })
  })

  it('reprints an owed ticket, then asks again; retries while the terminal is not ready or away', async () => {
    const { lost, asked } = await run([new Error('unreachable'), answer('DeviceUnavailable'), answer('PrintLastTicket', '7'), answer('Success'), answer('Success', '7')])
    assert.equal(lost.kind, 'answered')
    assert.deepEqual(asked, ['RepeatLastMessage', 'RepeatLastMessage', 'RepeatLastMessage', 'TicketReprint', 'RepeatLastMessage'])
  })

  it('gives up after its attempts and says why, without sending anything else', async () => {
    const { lost, asked } = await run([])
    assert.equal(lost.kind, 'no answer')
    assert.deepEqual(asked, ['RepeatLastMessage', 'RepeatLastMessage', 'RepeatLastMessage', 'RepeatLastMessage'])
  })
})
