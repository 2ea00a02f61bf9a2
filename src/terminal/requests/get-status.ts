import { serviceAnswer, type ServiceHandler } from './terminal-context'

/** Integrations use GetStatus as a health check: Success when idle, Busy while a payment runs. */
export const getStatus: ServiceHandler = (ctx, request) =>
  Promise.resolve(serviceAnswer(ctx, request, ctx.busy ? 'Busy' : 'Success'))
