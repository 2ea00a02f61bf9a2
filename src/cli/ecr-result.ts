import { describeActionCode } from '../opi/action-codes'
import type { CardServiceRequest, CardServiceResponse, ServiceRequest, ServiceResponse } from '../opi/messages'
import { formatDecimal } from '../opi/money'
import type { EcrCommand } from './ecr-requests'

/** Exit codes of the bench ECR, so scripts can tell "declined" from "never sent" from "unknown". */
export const EXIT = {
  /** The terminal answered Success. */
  succeeded: 0,
  /** The terminal answered, and not Success: declined, aborted, timed out, refused. */
  notSucceeded: 1,
  /** The command line was wrong; nothing was sent. */
  usage: 2,
  /** The terminal could not be reached (or the device channel could not be opened); nothing was sent. */
  notSent: 3,
  /** The request went out but no answer came: money may have moved. Recover with repeat-last. */
  unknown: 4,
} as const

/** The final result as the bench prints it: what a tester needs, never a full card number. */
export interface EcrResult {
  command: EcrCommand['name']
  requestType: string
  requestId: string
  succeeded: boolean
  status: string
  overallResult?: string
  amount?: string
  currency?: string
  approvalCode?: string
  cardCircuit?: string
  maskedPan?: string
  stan?: string
  actionCode?: string
  reason?: string
  /** For repeat-last: the message the terminal repeated. */
  repeats?: { requestId: string; requestType?: string; workstationId?: string; overallResult?: string }
  totals?: { cardCircuit?: string; paymentType?: string; count?: number; amount: string; currency: string }[]
}

/** Whatever a terminal sends, only the last four digits of a card number are shown. */
export function maskCardNumber(pan: string): string {
  return pan.replace(/\d(?=(?:\D*\d){4})/g, '*')
}

export function resultOf(command: EcrCommand, request: CardServiceRequest | ServiceRequest, response: CardServiceResponse | ServiceResponse): EcrResult {
  if (command.name === 'repeat-last') {
    const notOurs = unmatchedRepeat(response, request.workstationId, command.lost)
    if (notOurs) {
      const header = response.originalHeader
      return withoutEmpty({
        command: command.name, requestType: request.requestType, requestId: request.requestId, succeeded: false, status: 'result unknown', reason: notOurs,
        repeats: header && JSON.parse(JSON.stringify({ requestId: header.requestId, requestType: header.requestType, workstationId: header.workstationId, overallResult: response.overallResult })) as EcrResult['repeats'],
      })
    }
  }
  const succeeded = response.overallResult === 'Success'
  const result: EcrResult = {
    command: command.name, requestType: request.requestType, requestId: request.requestId, succeeded,
    status: statusOf(command, response), overallResult: response.overallResult, stan: response.terminal?.stan,
  }
  if (response.kind === 'CardServiceResponse') {
    const amount = response.tender?.totalAmount ?? (request.kind === 'CardServiceRequest' ? request.totalAmount : undefined)
    const auth = response.tender?.authorisation
    Object.assign(result, {
      amount: amount && formatDecimal(amount), currency: amount?.currency, approvalCode: auth?.approvalCode, cardCircuit: auth?.cardCircuit,
      maskedPan: auth?.cardPan && maskCardNumber(auth.cardPan), actionCode: auth?.actionCode,
      reason: response.privateData?.errorText ?? (!succeeded && auth?.actionCode ? describeActionCode(auth.actionCode) : undefined),
    })
  } else if (response.reconciliation) {
    result.totals = response.reconciliation.totals.map((t) => ({
      cardCircuit: t.cardCircuit, paymentType: t.paymentType, count: t.numberPayments, amount: formatDecimal(t.amount), currency: t.amount.currency,
    }))
  }
  if (response.originalHeader) result.repeats = { requestId: response.originalHeader.requestId, requestType: response.originalHeader.requestType }
  return withoutEmpty(result)
}

/**
 * Why a repeated answer cannot be taken as the lost request's outcome. CCV's own clients compare the
 * OriginalHeader with the request they lost and treat a mismatch as "not my transaction": with several
 * registers on one terminal, the last transaction may be another lane's.
 */
function unmatchedRepeat(response: CardServiceResponse | ServiceResponse, workstationId: string, lost: string | undefined): string | undefined {
  const header = response.originalHeader
  const repeatsSomething = response.overallResult === 'Success' || (response.kind === 'CardServiceResponse' && response.tender !== undefined)
  if (!header) return repeatsSomething ? 'the terminal did not say which request it repeats (no OriginalHeader), so it cannot be matched to the lost request' : undefined
  if (header.workstationId && header.workstationId !== workstationId) {
    return `the terminal's last transaction is request ${header.requestId} of workstation ${header.workstationId}, not this register's (${workstationId}); check the terminal's journal before taking the payment again`
  }
  if (lost === undefined) return `the terminal repeats its answer to request ${header.requestId}; give --lost <RequestID> (the requestId of the command that lost its answer) so the register can tell whether that is the lost request`
  if (header.requestId !== lost) return `the terminal's last transaction is request ${header.requestId}, not the lost request ${lost}; check the terminal's journal before taking the payment again`
  return undefined
}

/** No answer: the request may have reached the terminal; the outcome is not known. */
export function unknownResult(command: EcrCommand, request: CardServiceRequest | ServiceRequest, why: string): EcrResult {
  return { command: command.name, requestType: request.requestType, requestId: request.requestId, succeeded: false, status: 'result unknown', reason: why, ...amountOf(request) }
}

export function notSentResult(command: EcrCommand, request: CardServiceRequest | ServiceRequest, why: string): EcrResult {
  return { command: command.name, requestType: request.requestType, requestId: request.requestId, succeeded: false, status: 'not sent', reason: why, ...amountOf(request) }
}

export function exitCodeOf(result: EcrResult): number {
  if (result.succeeded) return EXIT.succeeded
  if (result.status === 'not sent') return EXIT.notSent
  if (result.status === 'result unknown') return EXIT.unknown
  return EXIT.notSucceeded
}

function statusOf(command: EcrCommand, response: CardServiceResponse | ServiceResponse): string {
  const money = command.name === 'pay' || command.name === 'refund' || command.name === 'repeat-last'
  switch (response.overallResult) {
    case 'Success': return money ? 'approved' : command.name === 'abort' ? 'abort accepted' : 'done'
    // A decline names the card and the issuer's code; a Failure without them is the terminal refusing the request.
    case 'Failure': return money && response.kind === 'CardServiceResponse' && response.tender?.authorisation ? 'declined' : 'failed'
    case 'Aborted': return 'aborted'
    case 'TimedOut': return 'timed out'
    case 'Busy':
    case 'DeviceUnavailable': return 'terminal busy'
    case 'PrintLastTicket': return 'last ticket must be reprinted first'
    default: return `refused by terminal (${response.overallResult})`
  }
}

function amountOf(request: CardServiceRequest | ServiceRequest): Pick<EcrResult, 'amount' | 'currency'> {
  if (request.kind !== 'CardServiceRequest' || !request.totalAmount) return {}
  return { amount: formatDecimal(request.totalAmount), currency: request.totalAmount.currency }
}

function withoutEmpty(result: EcrResult): EcrResult {
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined)) as unknown as EcrResult
}
