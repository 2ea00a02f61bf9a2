import type { CardServiceRequest, CardServiceResponse } from '../../opi/messages'
import type { TerminalFace } from '../terminal-face'
import type { TerminalSettings } from '../terminal-settings'
import { answer, type PaymentState } from './terminal-context'

/** What an abort needs to know of the terminal it arrives at. */
export interface AbortTarget {
  settings: TerminalSettings
  face: TerminalFace
  running?: string
  state: 'idle' | PaymentState
}

/**
 * AbortRequest from the integration (OPI 9.4). While the terminal still waits for the card or the PIN
 * the running request is stopped (it ends Aborted) and the abort is answered Success; past that point,
 * or with nothing running, the abort is answered Failure and the running request goes on.
 */
export function abortRunning(terminal: AbortTarget, request: CardServiceRequest): CardServiceResponse {
  const abortable = terminal.running !== undefined && (terminal.state === 'waiting for card' || terminal.state === 'waiting for PIN')
  if (!abortable) {
    const why = terminal.running ? `request ${terminal.running} is past the point where it can be aborted` : 'nothing is running'
    return answer(terminal, request, 'Failure', { privateData: { errorText: why } })
  }
  terminal.face.pressStop()
  return answer(terminal, request, 'Success')
}
