import { isoTimestamp } from '../src/clock/clock'
import type { SoftposScenario } from './softpos-scenario'

const at = (ms: number) => isoTimestamp(ms).slice(11)

/** What CCV, each phone and each POS app saw, as files for the report. */
export function softposEvidence(scenario: SoftposScenario): [string, string][] {
  const { rig } = scenario
  const perDevice = (lines: (d: (typeof rig.devices)[number]) => string[]) => rig.devices.map((d) => {
    const body = lines(d)
    return `${rig.devices.length > 1 ? `# ${d.deviceId}\n` : ''}${body.length ? body.join('\n') : '(nothing)'}`
  }).join('\n\n')
  return [
    ['Payment API calls.txt', rig.api.calls.map((c) => `${at(c.atMs)}  ${c.method} ${c.path} -> ${c.status}`).join('\n') || '(none)'],
    ['POS app screen.txt', perDevice((d) => d.posApps.flatMap((p) => p.screen).map((m) => `${at(m.atMs)}  [${m.kind}] ${m.text}`))],
    ['Phone (CCV SoftPOS app).txt', perDevice((d) => d.phone.events.map((e) => `${at(e.atMs)}  ${e.what}`))],
    ['CCV transactions.txt', JSON.stringify(rig.backend.transactions(), null, 2)],
  ]
}
