import { formatDecimal, money, type Money } from '../src/opi/money'
import { cardProfile } from '../src/terminal/cards'
import { machineRequests, terminalAnswers } from './unattended-observations'
import type { UnattendedScenario } from './unattended-scenario'

/** The next cardholder's charge: two minutes at 0.50 EUR a minute. */
const NEXT_CHARGE = { startsAfterMinutes: 1, minutes: 2, perMinute: money(50) }

/** What the terminal and the host saw of the next cardholder's session, from the moment they stepped up. */
export interface NextCardholderSeen {
  /** The card requests that reached the terminal, with the language each asked for. */
  requests: string[]
  /** The terminal's answers to them. */
  answers: string[]
  /** What the next cardholder paid, as completed on the wire and captured (or charged) on the host. */
  paid: { onTheWire: string[]; onTheHost: string[] }
  /** What the machine gave: the device's meter, or the items the vending mechanism let go. */
  delivered: string
}

const euros = (amount: Money | undefined) => (amount === undefined ? 'none' : `${formatDecimal(amount)} EUR`)

/**
 * "Ready for the next cardholder", shown by doing it: the next cardholder steps up to the machine left
 * behind, chooses the first free charger (or one ticket), pays with a Maestro card and PIN without picking
 * a language, and is served to the end. Everything read back comes from the terminal's side of the link,
 * the host's ledger and the device, not from the machine.
 */
export async function nextCardholderIsServed(scenario: UnattendedScenario): Promise<NextCardholderSeen> {
  const { rig } = scenario
  const since = rig.clock.now()
  const card = { card: cardProfile('Maestro'), entry: 'chip' as const, pin: 'correct' as const }
  const vending = rig.devices.length === 0
  const device = rig.devices.find((d) => d.inService && !d.delivering)
  if (!vending && !device) throw new Error('no charger is free for the next cardholder')
  if (device) scenario.deviceWillBeUsed(device.id, NEXT_CHARGE)
  const runsBefore = device?.runs.length ?? 0
  const vendedBefore = rig.vending.vended.length
  // At a vending machine: one of the first product, confirmed, and no e-receipt if one is offered.
  await scenario.serveNext({ entries: vending ? ['P1', '1', 'yes', 'skip'] : [device!.id], card })
  const requests = machineRequests(rig.log).filter((r) => r.atMs >= since)
  const answers = terminalAnswers(rig.log).filter((a) => requests.some((r) => r.message.requestId === a.message.requestId))
  const stan = answers.find((a) => a.message.overallResult === 'Success' && a.message.requestType !== 'CardFinancialAdvice')?.message.terminal?.stan
  const onTheWire = vending
    ? requests.filter((r) => r.message.requestType === 'CardPayment' && answers.some((a) => a.message.requestId === r.message.requestId && a.message.overallResult === 'Success')).map((r) => euros(r.message.totalAmount))
    : requests.filter((r) => r.message.requestType === 'CardFinancialAdvice' && r.message.originalTransaction?.stan === stan).map((r) => euros(r.message.totalAmount))
  const onTheHost = vending
    ? rig.terminal.host.ledger.filter((t) => t.stan === stan && t.decision.approved && !t.reversed && !t.credit).map((t) => euros(t.amount))
    : rig.terminal.host.reservations.filter((r) => r.stan === stan).map((r) => euros(r.captured))
  return {
    requests: requests.map((r) => `${r.message.requestType} ${r.message.posData.languageCode ?? 'no language'}`),
    answers: answers.map((a) => `${a.message.requestType} ${a.message.overallResult}`),
    paid: { onTheWire, onTheHost },
    delivered: vending
      ? rig.vending.vended.slice(vendedBefore).map((v) => `${v.quantity} x ${v.slot}`).join(', ') || 'nothing'
      : device!.runs.slice(runsBefore).map((run) => euros(run.delivered)).join(', ') || 'nothing',
  }
}
