import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { VirtualClock } from '../../src/clock/virtual-clock'
import { ConversationLog } from '../../src/opi/conversation-log'
import type { CardServiceRequest, CardServiceResponse, OverallResult } from '../../src/opi/messages'
import { abortsSent } from '../../support/observations'

const posData = { posTimeStamp: '2026-01-15T09:00:00' }
const request = (requestType: 'CardPayment' | 'AbortRequest', requestId: string): CardServiceRequest => ({ kind: 'CardServiceRequest', requestType, requestId, workstationId: 'W', posData })
const response = (requestType: 'CardPayment' | 'AbortRequest', requestId: string, overallResult: OverallResult): CardServiceResponse => ({ kind: 'CardServiceResponse', requestType, requestId, workstationId: 'W', overallResult })

/** A log written as the register's taps would write it. */
function logOf(...steps: (CardServiceRequest | CardServiceResponse)[]): ConversationLog {
  const log = new ConversationLog(new VirtualClock())
  const ecr = log.tap(0, 'ECR')
  for (const message of steps) ecr({ direction: message.kind === 'CardServiceRequest' ? 'sent' : 'received', text: '', message })
  return log
}

describe('observations: aborts on the link', () => {
  it('places an abort against the payment it interrupted, with both answers', () => {
    const log = logOf(request('CardPayment', '1'), request('AbortRequest', '2'), response('AbortRequest', '2', 'Success'), response('CardPayment', '1', 'Aborted'))
    assert.deepEqual(abortsSent(log), [{ requestId: '2', duringPayment: '1', answer: 'Success', paymentEnded: 'Aborted' }])
  })

  it('shows an abort sent after the payment ended as sent with nothing running', () => {
    const log = logOf(request('CardPayment', '1'), response('CardPayment', '1', 'Success'), request('AbortRequest', '2'), response('AbortRequest', '2', 'Failure'))
    assert.deepEqual(abortsSent(log), [{ requestId: '2', duringPayment: undefined, answer: 'Failure', paymentEnded: undefined }])
  })

  it('finds no abort in a plain payment', () => {
    assert.deepEqual(abortsSent(logOf(request('CardPayment', '1'), response('CardPayment', '1', 'Success'))), [])
  })
})
