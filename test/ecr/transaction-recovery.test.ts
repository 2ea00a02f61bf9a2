import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { driveUntilSettled } from '../../src/clock/drive'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { TerminalUnreachable } from '../../src/ecr/opi-client'
import type { JournalEntry } from '../../src/ecr/peripherals/journal'
import type { PrintedReceipt } from '../../src/ecr/peripherals/printer'
import { TransactionRecovery } from '../../src/ecr/transaction-recovery'
import type { CardServiceResponse, OverallResult } from '../../src/opi/messages'
import { money } from '../../src/opi/money'

const entry: JournalEntry = { requestId: '7', requestType: 'CardPayment', amount: money(2000), result: 'unknown', startedAtMs: Date.UTC(2026, 0, 15, 9), terminalRecord: [] }

type Script = (type: 'RepeatLastMessage' | 'TicketReprint', onBehalfOf: string, printed: PrintedReceipt[], clock: VirtualClock) => CardServiceResponse | Error

function response(requestType: CardServiceResponse['requestType'], overallResult: OverallResult, originalId?: string, originalWorkstation = 'LANE-1'): CardServiceResponse {
  return {
    kind: 'CardServiceResponse', requestType, requestId: 'r', workstationId: 'LANE-1', overallResult,
    originalHeader: originalId ? { requestId: originalId, requestType: 'CardPayment', workstationId: originalWorkstation } : undefined,
    tender: { totalAmount: money(2000), authorisation: { approvalCode: 'XYZ789' } },
  }
}

const ticket = (clock: VirtualClock, verdict: string, amount = '20.00') =>
  ['*** COPY ***', `Date        ${new Date(clock.now()).toISOString().slice(0, 19).replace('T', ' ')}`, `Amount      EUR ${amount}`, verdict]

async function recover(script: Script) {
  const clock = new VirtualClock()
  const printed: PrintedReceipt[] = []
  const asked: string[] = []
  const recovery = new TransactionRecovery({
    clock, workstationId: 'LANE-1',
    printed: () => printed,
    ask: (type, onBehalfOf) => {
      asked.push(type)
      const answer = script(type, onBehalfOf, printed, clock)
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)
    },
  }, { attempts: 3, pauseMs: 5_000 })
  const outcome = await driveUntilSettled(clock, recovery.recover(entry), { what: 'recovery' })
  return { outcome, asked }
}

describe('transaction recovery', () => {
  it('takes the repeated answer when it is about this payment and its receipt was printed', async () => {
    const { outcome, asked } = await recover((type, _id, printed, clock) => {
      printed.push({ atMs: clock.now(), lines: ['APPROVED'], requestId: '7' })
      return response(type, 'Success', '7')
    })
    assert.deepEqual(asked, ['RepeatLastMessage'])
    assert.equal(outcome.status, 'approved')
    assert.equal(outcome.approvalCode, 'XYZ789')
  })

  it('reprints the ticket on PrintLastTicket and reads the outcome from it', async () => {
    const { outcome, asked } = await recover((type, id, printed, clock) => {
      if (type === 'RepeatLastMessage') return response(type, 'PrintLastTicket', '7')
      printed.push({ atMs: clock.now(), lines: ticket(clock, 'APPROVED    AB12CD'), requestId: id })
      return response(type, 'Success')
    })
    assert.deepEqual(asked, ['RepeatLastMessage', 'TicketReprint'])
    assert.deepEqual([outcome.status, outcome.approvalCode], ['approved', 'AB12CD'])
  })

  it('reads a reprinted decline as declined', async () => {
    const { outcome } = await recover((type, id, printed, clock) => {
      if (type === 'RepeatLastMessage') return response(type, 'PrintLastTicket', '7')
      printed.push({ atMs: clock.now(), lines: ticket(clock, 'DECLINED    (code 05)'), requestId: id })
      return response(type, 'Success')
    })
    assert.equal(outcome.status, 'declined')
  })

  it('concludes "not paid" when the terminal\'s last transaction is an older one', async () => {
    const { outcome, asked } = await recover((type, id, printed) => {
      if (type === 'RepeatLastMessage') return response(type, 'Success', '6')
      printed.push({ atMs: 0, lines: ['Date        2026-01-14 18:00:00', 'Amount      EUR 20.00', 'APPROVED    OLD123'], requestId: id })
      return response(type, 'Success')
    })
    assert.deepEqual(asked, ['RepeatLastMessage', 'TicketReprint'])
    assert.equal(outcome.status, 'not paid')
  })

  it('leaves the result unknown, saying why, when the repeated answer is another workstation\'s', async () => {
    const { outcome, asked } = await recover((type, id, printed, clock) => {
      if (type === 'RepeatLastMessage') return response(type, 'Failure', '7', 'LANE-2')
      printed.push({ atMs: clock.now(), lines: ticket(clock, 'DECLINED    (code 05)'), requestId: id })
      return response(type, 'Success')
    })
    assert.deepEqual(asked, ['RepeatLastMessage'], 'another lane\'s ticket says nothing about this payment')
    assert.deepEqual([outcome.status, outcome.reason], ['unknown', 'the terminal\'s last transaction is request 7 of workstation LANE-2, not this payment: check the terminal\'s journal before taking the payment again'])
  })

  it('leaves the result unknown when the repeated answer does not say which request it repeats', async () => {
    const { outcome, asked } = await recover((type) => response(type, 'Success'))
    assert.deepEqual(asked, ['RepeatLastMessage'])
    assert.deepEqual([outcome.status, outcome.reason], ['unknown', 'the terminal\'s repeated answer names no original request (no OriginalHeader): it cannot be matched to this payment'])
  })

  it('asks again while the terminal is busy, and never sends the payment itself', async () => {
    let busy = 2
    const { outcome, asked } = await recover((type, _id, printed, clock) => {
      if (busy-- > 0) return response(type, 'Busy')
      printed.push({ atMs: clock.now(), lines: ['APPROVED'], requestId: '7' })
      return response(type, 'Success', '7')
    })
    assert.deepEqual(asked, ['RepeatLastMessage', 'RepeatLastMessage', 'RepeatLastMessage'])
    assert.equal(outcome.status, 'approved')
  })

  it('leaves the result unknown after its attempts when the terminal cannot be reached', async () => {
    const { outcome, asked } = await recover(() => new TerminalUnreachable({ host: 'terminal', port: 4100 }, new Error('refused')))
    assert.equal(asked.length, 3)
    assert.equal(outcome.status, 'unknown')
  })
})
