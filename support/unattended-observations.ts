import type { ConversationLog } from '../src/opi/conversation-log'
import type { CardServiceRequest, CardServiceRequestType, CardServiceResponse } from '../src/opi/messages'

/** What an observer of the link saw between the machine and its terminal, with the time it crossed. */

export interface Observed<M> {
  message: M
  atMs: number
  xml: string
}

export function machineRequests(log: ConversationLog, type?: CardServiceRequestType): Observed<CardServiceRequest>[] {
  return log.entries.flatMap((e) => (e.from === 'ECR' && e.message?.kind === 'CardServiceRequest' && (!type || e.message.requestType === type)
    ? [{ message: e.message, atMs: e.atMs, xml: e.text }] : []))
}

export function terminalAnswers(log: ConversationLog, type?: CardServiceRequestType): Observed<CardServiceResponse>[] {
  return log.entries.flatMap((e) => (e.from === 'terminal' && e.message?.kind === 'CardServiceResponse' && (!type || e.message.requestType === type)
    ? [{ message: e.message, atMs: e.atMs, xml: e.text }] : []))
}

/** Requests that would move money: a payment or a reservation with any amount. */
export function moneyRequests(log: ConversationLog): Observed<CardServiceRequest>[] {
  return machineRequests(log).filter((r) => r.message.requestType === 'CardPayment' || r.message.requestType === 'CardPreAuthorisation')
}
