import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'
import type { SessionRecord, SessionState } from '../src/ecr/machine/sessions'
import { money } from '../src/opi/money'
import { cardProfile } from '../src/terminal/cards'
import type { UnattendedScenario } from './unattended-scenario'

/** What one driver of the soak does; the session's end follows from it. */
export type SoakStory = 'approved' | 'declined by the issuer' | 'stopped at the PIN' | 'walked away from the terminal' | 'partly approved'

export const SOAK_STORIES: readonly SoakStory[] = ['approved', 'declined by the issuer', 'stopped at the PIN', 'walked away from the terminal', 'partly approved']

/** How each story ends on the machine. */
export const SOAK_ENDINGS: Record<SoakStory, SessionState> = {
  approved: 'completed', 'declined by the issuer': 'declined', 'stopped at the PIN': 'cancelled',
  'walked away from the terminal': 'timed out', 'partly approved': 'completed',
}

export interface SoakFigures {
  sessions: number
  byStory: Record<string, number>
  heapAfterWarmUpMb: number
  heapAfterRunMb: number
  growthPercent: number
  /** Heap growth after warm-up, per session: what the run keeps, for evidence or by design. */
  growthPerSessionKb: number
  /** Sessions run before the first measurement. */
  warmUp: number
  wallSeconds: number
  virtualHours: number
  stories: SoakStory[]
  ended: SessionRecord[]
}

/** Only the last conversation is kept as evidence: a thousand sessions of XML would swamp the report, and the memory figures. */
const KEEP_LOG_ENTRIES = 200
const WARM_UP = 100

/**
 * O6: `count` drivers one after another on a two-charger station, their stories in turn, on virtual
 * time. Heap is measured after a full garbage collection once warmed up and at the end.
 */
export async function runSoak(scenario: UnattendedScenario, count: number, progress: (done: number) => void = () => undefined): Promise<SoakFigures> {
  const { rig } = scenario
  const collect = garbageCollector()
  const partial = cardProfile('amex')
  rig.terminal.host.setAvailableFunds(partial, money(2000))
  const started = Date.now()
  const startedVirtual = rig.clock.now()
  let heapAfterWarmUp = 0
  const stories: SoakStory[] = []
  const ended: SessionRecord[] = []
  for (let i = 0; i < count; i++) {
    const story = SOAK_STORIES[i % SOAK_STORIES.length]
    const charger = String(1 + (i % 2))
    stories.push(story)
    if (story === 'declined by the issuer') rig.terminal.host.declineNext('51')
    if (story === 'approved' || story === 'partly approved') rig.device(charger).willBeUsed({ startsAfterMs: 60_000, stopsAfterMs: (story === 'partly approved' ? 60 : 1 + (i % 7)) * 60_000, valuePerMinute: money(50) })
    const card = story === 'partly approved' ? partial : cardProfile('Maestro')
    if (story === 'walked away from the terminal') rig.cardholder.leaves()
    const stops = story === 'stopped at the PIN'
    ended.push(await scenario.serveNext({
      entries: [charger],
      card: story === 'walked away from the terminal' ? undefined : { card, entry: 'chip', pin: stops ? 'none' : 'correct', stopAtPin: stops },
    }))
    for (const log of [rig.log, rig.machineLog]) if (log.entries.length > 2 * KEEP_LOG_ENTRIES) log.entries.splice(0, log.entries.length - KEEP_LOG_ENTRIES)
    if (i + 1 === WARM_UP) heapAfterWarmUp = collect()
    if ((i + 1) % 100 === 0) progress(i + 1)
  }
  const heapAfterRun = collect()
  const byStory: Record<string, number> = {}
  for (const story of stories) byStory[story] = (byStory[story] ?? 0) + 1
  const mb = (bytes: number) => Math.round(bytes / 1e4) / 100
  return {
    sessions: count, byStory, heapAfterWarmUpMb: mb(heapAfterWarmUp), heapAfterRunMb: mb(heapAfterRun),
    growthPercent: Math.round(((heapAfterRun - heapAfterWarmUp) / heapAfterWarmUp) * 1000) / 10,
    growthPerSessionKb: Math.round((heapAfterRun - heapAfterWarmUp) / (count - WARM_UP) / 102.4) / 10, warmUp: WARM_UP,
    wallSeconds: (Date.now() - started) / 1000, virtualHours: Math.round((rig.clock.now() - startedVirtual) / 36e5), stories, ended,
  }
}

export function soakReport(figures: SoakFigures): string {
  return [
    `sessions: ${figures.sessions} (${Object.entries(figures.byStory).map(([story, n]) => `${n} ${story}`).join(', ')})`,
    `heap after a full GC: ${figures.heapAfterWarmUpMb} MB after ${WARM_UP} sessions, ${figures.heapAfterRunMb} MB after ${figures.sessions} (${figures.growthPercent}%, ${figures.growthPerSessionKb} KB a session)`,
    'known to grow with every session, kept on purpose as evidence: the screen history, the printed receipts, the session ledger, the host\'s reservations, the devices\' runs',
    `run: ${figures.wallSeconds} s wall clock for ${figures.virtualHours} hours of virtual time`,
  ].join('\n')
}

/** A full garbage collection, then the heap in use: the only honest figure for "does it leak". */
function garbageCollector(): () => number {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  return () => {
    gc()
    return process.memoryUsage().heapUsed
  }
}

/** How many sessions of each story ended which way: "approved -> completed": 200. */
export function endings(stories: readonly SoakStory[], states: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  stories.forEach((story, i) => { counts[`${story} -> ${states[i]}`] = (counts[`${story} -> ${states[i]}`] ?? 0) + 1 })
  return counts
}
