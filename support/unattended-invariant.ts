import type { SessionRecord } from '../src/ecr/machine/sessions'
import { formatDecimal } from '../src/opi/money'
import type { UnattendedRig } from './unattended-rig'

/** One session as three independent witnesses saw it: the host (approved, completed) and the device (delivered). */
export interface SessionBalance {
  session: number
  where: string
  state: string
  approved: number
  delivered: number
  completed: number
  holds: boolean
}

/**
 * The trace number (STAN) the terminal gave the session's reservation or payment, read off the link: its
 * answer to the request, or a repeated answer (RepeatLastMessage) that names it. Never the STAN the
 * controller wrote down for itself, so a machine that records the wrong one is caught, not believed.
 */
export function stanOnTheWire(rig: UnattendedRig, requestId: string | undefined): string | undefined {
  if (requestId === undefined) return undefined
  for (const entry of rig.log.entries) {
    const m = entry.message
    if (entry.from !== 'terminal' || m?.kind !== 'CardServiceResponse') continue
    const answers = m.requestId === requestId && (m.requestType === 'CardPreAuthorisation' || m.requestType === 'CardPayment')
    const repeats = m.requestType === 'RepeatLastMessage' && m.originalHeader?.requestId === requestId
    if ((answers || repeats) && m.terminal?.stan) return m.terminal.stan
  }
  return undefined
}

/**
 * CCV's money rule for unattended machines: per session, completed = delivered <= approved (after a power
 * failure, completed <= delivered: the last stored meter reading). The reservation is the one the
 * terminal named on the link for the session's request (stanOnTheWire); approved and completed come
 * from the host's ledger, delivered from the device's own meter, so the machine controller's
 * bookkeeping is checked, not trusted.
 */
export function sessionBalances(rig: UnattendedRig, sessions: readonly SessionRecord[]): SessionBalance[] {
  const runsUsed = new Map<string, number>()
  let vendIndex = 0
  return sessions.map((s) => {
    const host = rig.terminal.host
    const stan = stanOnTheWire(rig, s.authorisation?.requestId)
    let approved = 0
    let completed = 0
    let delivered = 0
    if (s.authorisation?.requestType === 'CardPreAuthorisation') {
      const reservation = host.reservations.find((r) => r.stan === stan)
      approved = reservation?.approved.minor ?? 0
      completed = reservation?.captured?.minor ?? 0
    } else if (s.authorisation?.requestType === 'CardPayment') {
      const payment = host.ledger.find((a) => a.stan === stan && a.decision.approved)
      approved = payment?.amount.minor ?? 0
      completed = payment && !payment.reversed ? payment.amount.minor : 0
    }
    if (s.product && s.subscription) {
      // Booked to a subscription: no card money moved, but its vend must not be taken for a later card session's.
      if (rig.vending.vended[vendIndex]?.slot === s.product.code.toUpperCase()) vendIndex++
    } else if (s.device && approved > 0) {
      const index = runsUsed.get(s.device) ?? 0
      runsUsed.set(s.device, index + 1)
      delivered = rig.device(s.device).runs[index]?.delivered.minor ?? 0
    } else if (s.product && approved > 0) {
      const item = rig.vending.vended[vendIndex]
      if (item && item.slot === s.product.code.toUpperCase()) {
        vendIndex++
        delivered = s.product.unitPrice.minor * item.quantity
      }
    }
    const where = s.device ? `device ${s.device}` : s.product ? `${s.product.quantity} x ${s.product.code}` : '-'
    // After a power failure the machine can only know what it stored: CCV's rule is then "never more than metered".
    const settledFromDisk = s.recovered === 'after restart' && completed <= delivered
    return { session: s.id, where, state: s.state, approved, delivered, completed, holds: (completed === delivered || settledFromDisk) && completed <= approved }
  })
}

/**
 * Money the host approved that no session of the controller claims, or that two sessions claim: the
 * per-session rows start from the controller's records, so this reads the other way, from the host.
 */
export function unaccountedOnTheHost(rig: UnattendedRig, sessions: readonly SessionRecord[]): string[] {
  const claims = new Map<string, number>()
  for (const s of sessions) {
    const stan = stanOnTheWire(rig, s.authorisation?.requestId)
    if (stan) claims.set(stan, (claims.get(stan) ?? 0) + 1)
  }
  const host = rig.terminal.host
  const approved = [
    // A hold released uncaptured moved no money (a card held up only to find its session): nobody need claim it.
    ...host.reservations.map((r) => ({ stan: r.stan, amount: r.approved, mayBeUnclaimed: r.state === 'released' && !r.captured?.minor })),
    ...host.ledger.filter((a) => a.decision.approved && !a.credit && !a.reversed && !host.reservations.some((r) => r.stan === a.stan)).map((a) => ({ stan: a.stan, amount: a.amount, mayBeUnclaimed: false })),
  ]
  return approved.flatMap(({ stan, amount, mayBeUnclaimed }) => {
    const claimed = claims.get(stan) ?? 0
    return claimed === 1 || (claimed === 0 && mayBeUnclaimed) ? [] : [`trace ${stan}: ${formatDecimal(amount)} approved, claimed by ${claimed} sessions`]
  })
}

export function openReservations(rig: UnattendedRig): string[] {
  return rig.terminal.host.reservations.filter((r) => r.state === 'open').map((r) => `trace ${r.stan}: ${formatDecimal(r.approved)} still reserved`)
}

export function balanceTable(rows: readonly SessionBalance[], open: readonly string[]): string {
  const eur = (minor: number) => formatDecimal({ minor, currency: 'EUR' })
  const lines = [
    'session | where         | state           | approved | delivered | completed | completed = delivered <= approved',
    ...rows.map((r) => `${String(r.session).padEnd(7)} | ${r.where.padEnd(13)} | ${r.state.padEnd(15)} | ${eur(r.approved).padStart(8)} | ${eur(r.delivered).padStart(9)} | ${eur(r.completed).padStart(9)} | ${r.holds ? 'holds' : 'BROKEN'}`),
    '',
    'A session settled after a power failure holds when completed <= delivered: the machine completes for the last meter reading it stored.',
    open.length ? `Reservations left open on the host:\n${open.map((o) => `  ${o}`).join('\n')}` : 'No reservation is left open on the host.',
  ]
  return lines.join('\n')
}
