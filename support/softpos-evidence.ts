import { isoTimestamp } from '../src/clock/clock'
import type { SoftposScenario } from './softpos-scenario'

const at = (ms: number) => isoTimestamp(ms).slice(11)

/** What CCV, the phone and the POS app each saw, as files for the report. */
export function softposEvidence(scenario: SoftposScenario): [string, string][] {
  const { rig } = scenario
  return [
    ['Payment API calls.txt', rig.api.calls.map((c) => `${at(c.atMs)}  ${c.method} ${c.path} -> ${c.status}`).join('\n') || '(none)'],
    ['POS app screen.txt', scenario.screen().map((m) => `${at(m.atMs)}  [${m.kind}] ${m.text}`).join('\n') || '(nothing shown)'],
    ['Phone (CCV SoftPOS app).txt', rig.phone.events.map((e) => `${at(e.atMs)}  ${e.what}`).join('\n') || '(nothing happened)'],
    ['CCV transactions.txt', JSON.stringify(rig.backend.transactions(), null, 2)],
  ]
}
