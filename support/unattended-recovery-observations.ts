import type { OpiMessage } from '../src/opi/messages'
import type { Money } from '../src/opi/money'
import { outOfOrderText } from '../src/ecr/machine/terminal-availability'
import type { UnattendedRig } from './unattended-rig'

/** One request the machine sent and the answer it got, read from the link, with both times. */
export interface Exchange {
  kind: 'CardServiceRequest' | 'ServiceRequest'
  requestType: string
  requestId: string
  sentAtMs: number
  result?: string
  answeredAtMs?: number
  /** RepeatLastMessage: the request the repeated answer says it belongs to. */
  names?: string
}

/** Every request the machine sent, matched with its answer by RequestID, in the order sent. */
export function exchanges(rig: UnattendedRig, kind?: Exchange['kind']): Exchange[] {
  const sent: Exchange[] = []
  for (const entry of rig.log.entries) {
    const m: OpiMessage | undefined = entry.message
    if (!m || entry.channel !== 0) continue
    if (entry.from === 'ECR' && (m.kind === 'CardServiceRequest' || m.kind === 'ServiceRequest')) {
      sent.push({ kind: m.kind, requestType: m.requestType, requestId: m.requestId, sentAtMs: entry.atMs })
    } else if (entry.from === 'terminal' && (m.kind === 'CardServiceResponse' || m.kind === 'ServiceResponse')) {
      const request = sent.find((s) => s.requestId === m.requestId && s.result === undefined)
      if (request) Object.assign(request, { result: m.overallResult, answeredAtMs: entry.atMs, names: m.originalHeader?.requestId })
    }
  }
  return kind ? sent.filter((e) => e.kind === kind) : sent
}

export function exchangesOf(rig: UnattendedRig, requestType: string): Exchange[] {
  return exchanges(rig).filter((e) => e.requestType === requestType)
}

/** When the machine's screen said card payment is out of order, and when it said anything else next. */
export function outOfOrderSpells(rig: UnattendedRig): { fromMs: number; untilMs?: number }[] {
  const texts = new Set(['en', 'nl', 'de', 'fr'].map(outOfOrderText))
  const spells: { fromMs: number; untilMs?: number }[] = []
  for (const shown of rig.machine.display.history) {
    const out = texts.has(shown.lines[0] ?? '')
    const open = spells.at(-1)
    if (out && (!open || open.untilMs !== undefined)) spells.push({ fromMs: shown.atMs })
    else if (!out && open && open.untilMs === undefined) open.untilMs = shown.atMs
  }
  return spells
}

/** Differences between consecutive times, in seconds. */
export function gapsInSeconds(times: number[]): number[] {
  return times.slice(1).map((t, i) => (t - times[i]) / 1000)
}

/** The first time the terminal was back in use after `fromMs`: its first successful answer to the machine. */
export function firstReadyAnswerAfter(rig: UnattendedRig, fromMs: number): Exchange | undefined {
  return exchanges(rig).find((e) => e.sentAtMs >= fromMs && e.result === 'Success')
}

/** The completions of one reservation the terminal confirmed: refused attempts (waking up, starting) and lost ones do not count. */
export function confirmedCompletionsOf(rig: UnattendedRig, stan: string | undefined): (Money | undefined)[] {
  const confirmed = new Set(exchangesOf(rig, 'CardFinancialAdvice').filter((e) => e.result === 'Success').map((e) => e.requestId))
  return rig.log.entries.flatMap((e) => (e.from === 'ECR' && e.message?.kind === 'CardServiceRequest' && confirmed.has(e.message.requestId)
    && e.message.originalTransaction?.stan === stan ? [e.message.totalAmount] : []))
}
