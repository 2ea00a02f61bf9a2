import { serviceAnswer, type ServiceHandler } from './terminal-context'

/**
 * Which workstations have logged in. OPI-DE terminals refuse card requests from a workstation without
 * a session (`Loggedout`); OPI-NL terminals need none, so there the sessions are only recorded.
 */
export class WorkstationSessions {
  private readonly open = new Set<string>()

  login(workstationId: string): void {
    this.open.add(workstationId)
  }

  logoff(workstationId: string): void {
    this.open.delete(workstationId)
  }

  /** A restarted terminal has no sessions: every workstation must log in again. */
  forgetAll(): void {
    this.open.clear()
  }

  isLoggedIn(workstationId: string): boolean {
    return this.open.has(workstationId)
  }
}

/** A second Login without Logoff is accepted (IFSF: an ECR restarting after a crash logs in again). */
export const login: ServiceHandler = (ctx, request) => {
  ctx.sessions.login(request.workstationId)
  return Promise.resolve(serviceAnswer(ctx, request, 'Success'))
}

/** Logoff while a payment runs is refused: the running request belongs to the session. */
export const logoff: ServiceHandler = (ctx, request) => {
  if (ctx.busy) return Promise.resolve(serviceAnswer(ctx, request, 'Busy'))
  ctx.sessions.logoff(request.workstationId)
  return Promise.resolve(serviceAnswer(ctx, request, 'Success'))
}
