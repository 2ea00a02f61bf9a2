import type { CardServiceRequest, CardServiceResponse } from '../../opi/messages'
import type { TerminalFace } from '../terminal-face'
import { answer, type PaymentState, type TerminalContext } from './terminal-context'

/** The register asked to abort and the terminal agreed: the running payment stops where it is. */
export class AbortedByEcr extends Error {
  constructor(readonly abortRequestId: string) {
    super(`aborted by the register (abort request ${abortRequestId})`)
    this.name = 'AbortedByEcr'
  }
}

/**
 * Until the terminal asks the host, nothing has happened that cannot be undone; from then on (card
 * authorised, receipt printing) an abort would leave money taken without a sale, so it is refused.
 */
export const ABORTABLE_STATES: readonly PaymentState[] = ['waiting for card removal', 'waiting for card', 'waiting for PIN']

export type AbortVerdict = 'aborting' | 'already aborting' | 'past the point of no return'

/** The payment the terminal is running, as seen by an AbortRequest arriving beside it. */
export class PaymentInProgress {
  state: PaymentState = 'waiting for card'
  private abortedBy?: AbortedByEcr

  constructor(readonly requestId: string, private readonly face: TerminalFace) {}

  abort(abortRequestId: string): AbortVerdict {
    if (this.abortedBy) return 'already aborting'
    if (!ABORTABLE_STATES.includes(this.state)) return 'past the point of no return'
    this.abortedBy = new AbortedByEcr(abortRequestId)
    this.face.cancelWaits(this.abortedBy)
    return 'aborting'
  }

  /** Called before every wait and before going to the host, so an abort that arrived meanwhile is not missed. */
  throwIfAborted(): void {
    if (this.abortedBy) throw this.abortedBy
  }
}

/**
 * Answers an AbortRequest. It runs beside the payment (OPI's one exception to one-request-at-a-time)
 * and never waits for it: the payment's own answer says how it ended.
 */
export function answerAbort(ctx: Pick<TerminalContext, 'settings'>, request: CardServiceRequest, running?: PaymentInProgress): CardServiceResponse {
  if (!running) return answer(ctx, request, 'Failure', { privateData: { errorText: 'no request is running' } })
  const verdict = running.abort(request.requestId)
  // A repeated abort changes nothing: it is told the abort is under way, as the first one was.
  if (verdict === 'past the point of no return') return answer(ctx, request, 'Failure', { privateData: { errorText: `payment #${running.requestId} is past the point of no return` } })
  return answer(ctx, request, 'Success')
}
