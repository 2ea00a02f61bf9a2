import type { Clock, TimerHandle } from '../../clock/clock'
import type { SimulatedPhone } from '../phone/softpos-app'
import { PaymentApiError, type SimulatedCcvBackend, type TappedCard } from './ccv-backend'
import type { ControlRoutes } from './payment-api-server'

const CARDS: Record<string, TappedCard> = {
  approves: { label: 'test card, contactless', issuerApproves: true },
  declines: { label: 'test card, contactless, issuer declines', issuerApproves: false },
}

export interface ControlOptions {
  backend: SimulatedCcvBackend
  phone: SimulatedPhone
  clock: Clock
  /** The default cardholder taps an approved card this long after the card prompt; undefined: nobody taps. */
  cardholderDelayMs?: number
}

/**
 * The simulated world around the Payment API, for a developer without a phone: the SDK calls the POS
 * app would make on the phone, what the merchant and the cardholder do, and what CCV's back office does.
 */
export function softposControlRoutes(options: ControlOptions): ControlRoutes {
  const { backend, phone, clock } = options
  let defaultCardholder = options.cardholderDelayMs !== undefined
  let pendingTap: TimerHandle | undefined
  phone.onCardPrompt(() => {
    if (defaultCardholder) pendingTap = clock.setTimer(options.cardholderDelayMs ?? 1000, () => phone.tap(CARDS.approves))
  })
  const routes: Record<string, (body: Record<string, unknown>) => unknown> = {
    'GET /control/status': () => ({
      terminals: backend.terminalIds().map((id) => backend.terminal(id)),
      phone: { softposApp: phone.hasApp ? 'installed' : 'not installed', terminal: phone.installedTerminal ?? null, screen: phone.screen, ready: phone.isReadyForTransaction() },
      defaultCardholder, transactions: backend.transactions(), charges: backend.charges.length,
    }),
    'GET /control/phone/events': () => phone.events,
    'GET /control/phone/ready': () => phone.isReadyForTransaction(),
    'POST /control/phone/install-terminal': (b) => phone.installTerminal(text(b, 'installationPayload')),
    'POST /control/phone/start-payment': (b) => handOver(phone, text(b, 'reference')),
    'POST /control/phone/close-app': () => done(() => phone.closeApp(), 'the SoftPOS app was closed'),
    'POST /control/phone/kill-app': () => done(() => phone.killApp(), 'the SoftPOS app\'s process was killed'),
    'POST /control/phone/clear-data': () => done(() => phone.clearAppData(), 'the SoftPOS app\'s data was cleared'),
    'POST /control/phone/uninstall-app': () => done(() => phone.uninstallApp(), 'the CCV SoftPOS app was uninstalled'),
    'POST /control/phone/install-app': () => done(() => phone.installApp(), 'the CCV SoftPOS app was installed'),
    'POST /control/phone/offline': () => done(() => phone.setOnline(false), 'the phone is offline'),
    'POST /control/phone/online': () => done(() => phone.setOnline(true), 'the phone is online'),
    'POST /control/cardholder/tap': (b) => {
      const issuer = typeof b.issuer === 'string' ? b.issuer : b.issuer === undefined ? 'approves' : ''
      const card = CARDS[issuer] as TappedCard | undefined
      if (!card) throw new PaymentApiError(400, 'INVALID_REQUEST', 'issuer must be "approves" or "declines"')
      pendingTap?.cancel()
      return done(() => phone.tap(card), `a card was tapped; its issuer ${issuer}`)
    },
    'POST /control/cardholder/default': (b) => {
      if (typeof b.enabled !== 'boolean') throw new PaymentApiError(400, 'INVALID_REQUEST', 'send {"enabled": true} or {"enabled": false}')
      defaultCardholder = b.enabled
      if (!defaultCardholder) pendingTap?.cancel()
      return { done: `the default cardholder is ${defaultCardholder ? 'on' : 'off'}` }
    },
    'POST /control/back-office/terminal': (b) => backend.createTerminal(text(b, 'terminalId')),
    'POST /control/back-office/uninstall': (b) => backend.deactivate(text(b, 'terminalId')),
  }
  return async (method, path, body) => {
    const route = routes[`${method} ${path}`]
    if (!route) throw new PaymentApiError(404, 'NOT_FOUND', `no control route ${method} ${path}; GET /control/status lists the state, the README lists the routes`)
    const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {}
    return { status: 200, body: await route(fields) }
  }
}

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field]
  if (typeof value !== 'string' || value === '') throw new PaymentApiError(400, 'INVALID_REQUEST', `the body needs "${field}": a non-empty text`)
  return value
}

function done(act: () => void, what: string): { done: string } {
  act()
  return { done: what }
}

/** Refusals come back at once; otherwise the SoftPOS app now shows the card prompt. */
async function handOver(phone: SimulatedPhone, reference: string): Promise<unknown> {
  let refusal: unknown
  void phone.startPayment(reference).then((result) => { if (result.kind === 'refused') refusal = result })
  await Promise.resolve()
  return refusal ?? { handedOver: true, screen: phone.screen }
}
