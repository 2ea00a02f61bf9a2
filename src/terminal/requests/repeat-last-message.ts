import { answer, type CardServiceHandler } from './terminal-context'

/**
 * RepeatLastMessage: a copy of the terminal's last answer, with OriginalHeader naming the request it
 * answered. While the last ticket is still owed the terminal cannot vouch that the register knows the
 * outcome, so it answers PrintLastTicket and the register must run TicketReprint.
 */
export const repeatLastMessage: CardServiceHandler = (ctx, request) => {
  const last = ctx.memory?.lastResponse
  if (!last) return Promise.resolve(answer(ctx, request, 'Failure', { privateData: { errorText: 'no earlier message to repeat' } }))
  const originalHeader = { requestId: last.requestId, requestType: last.requestType, workstationId: last.workstationId }
  if (ctx.memory?.ticketOwed) return Promise.resolve(answer(ctx, request, 'PrintLastTicket', { originalHeader }))
  return Promise.resolve({ ...last, requestType: 'RepeatLastMessage', requestId: request.requestId, workstationId: request.workstationId, popId: request.popId, originalHeader })
}
