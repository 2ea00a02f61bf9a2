import { sleep, type Clock } from '../../clock/clock'
import type { CardServiceResponse } from '../../opi/messages'

/** Answers that mean "not now": ask again after a pause. */
const NOT_NOW: readonly string[] = ['Busy', 'DeviceUnavailable']

export interface LostAnswerPort {
  clock: Clock
  /** Sends RepeatLastMessage or TicketReprint; throws when the terminal cannot be reached or does not answer. */
  ask(requestType: 'RepeatLastMessage' | 'TicketReprint'): Promise<CardServiceResponse>
}

export interface LostAnswerPolicy {
  attempts: number
  pauseMs: number
}

/** What the terminal says became of a request whose answer the machine never stored. */
export type LostAnswer =
  | { kind: 'answered'; response: CardServiceResponse }
  /** The terminal's last transaction is another request: the lost one never ran there. */
  | { kind: 'not ours'; lastRequestId?: string }
  | { kind: 'no answer'; why: string }

/**
 * How a CCV vending client learns a lost answer after a power failure or a broken link: RepeatLastMessage
 * until answered, TicketReprint when the terminal still owes the ticket (PrintLastTicket), then ask again.
 * The repeated answer is trusted only when its OriginalHeader names the lost request; anything else is
 * "not my transaction". Never sends the lost request again.
 */
export async function recoverLostAnswer(port: LostAnswerPort, lostRequestId: string, policy: LostAnswerPolicy): Promise<LostAnswer> {
  let why = 'the terminal was not asked'
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) await sleep(port.clock, policy.pauseMs)
    const repeated = await askOnce(port, 'RepeatLastMessage')
    if (typeof repeated === 'string') { why = repeated; continue }
    if (NOT_NOW.includes(repeated.overallResult)) { why = `RepeatLastMessage answered ${repeated.overallResult}`; continue }
    const named = repeated.originalHeader?.requestId
    if (repeated.overallResult === 'PrintLastTicket') {
      // Stryker disable next-line ObjectLiteral,StringLiteral: equivalent, the one caller tells only 'answered' and 'no answer' apart, so any other result acts as "not ours"
      if (named !== undefined && named !== lostRequestId) return { kind: 'not ours', lastRequestId: named }
      const reprint = await askOnce(port, 'TicketReprint')
      why = typeof reprint === 'string' ? reprint : `TicketReprint answered ${reprint.overallResult}`
      continue
    }
    if (named === lostRequestId) return { kind: 'answered', response: repeated }
    // Stryker disable next-line ObjectLiteral,StringLiteral: equivalent, the one caller tells only 'answered' and 'no answer' apart, so any other result acts as "not ours"
    return { kind: 'not ours', lastRequestId: named }
  }
  return { kind: 'no answer', why: `${why} (after ${policy.attempts} attempts)` }
}

async function askOnce(port: LostAnswerPort, requestType: 'RepeatLastMessage' | 'TicketReprint'): Promise<CardServiceResponse | string> {
  try {
    return await port.ask(requestType)
  } catch (error) {
    return `${requestType}: ${(error as Error).message}`
  }
}
