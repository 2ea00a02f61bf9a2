import { describeMoney } from '../opi/money'
import type { Operator, OperatorPrompt, OperatorReply } from './prompts'

export interface ScriptedOperatorOptions {
  /** The simulated terminal's control channel, e.g. http://127.0.0.1:4180. */
  controlUrl: string
  /** Bearer token, for a control channel that asks for one. */
  token?: string
  /** How long a person takes to act once the terminal shows what the prompt is about. */
  reactionMs?: number
  /** How long to keep looking at a terminal that does not show the prompt's moment yet. */
  patienceMs?: number
  /** How much faster than the wall clock the bench's time runs: a prompt's "wait 20 seconds" is bench time. */
  timeSpeed?: number
}

const NAME = 'scripted operator (simulated terminal control channel)'

/**
 * Plays the person at the bench for a simulated terminal run as its own process: answers each prompt by
 * doing on the terminal's HTTP control channel what the person would do with their hands. What the
 * control channel cannot do, it answers "could not", with the reason, as a person would.
 */
export class ScriptedOperator implements Operator {
  readonly name = NAME
  private baselineCents = 0
  private baselineAuthorisations = 0

  constructor(private readonly options: ScriptedOperatorOptions) {}

  /**
   * As a tester tidies the bench between cases: the card out of the reader, the terminal back at rest,
   * and what the last case set up (a card's limited funds, partial approval, another firmware) undone.
   */
  async scenarioStarts(): Promise<void> {
    for (let look = 0; look < 100; look++) {
      const status = await this.request('GET', '/status')
      const tidy = tidyUp(status.body)
      if (tidy) await this.request('POST', tidy.route, tidy.body)
      else if (status.body.state === 'idle') break
      await pause(50, new AbortController().signal)
    }
    const host = await this.hostStatus()
    this.baselineCents = host.approvedCents
    this.baselineAuthorisations = host.authorisations
  }

  async ask(prompt: OperatorPrompt, cancelled: AbortSignal): Promise<OperatorReply> {
    await pause(this.options.reactionMs ?? 100, cancelled)
    const action = prompt.action
    // A cardholder told to take their time does so first, then acts as soon as the terminal lets them.
    if ((action.do === 'present card' || action.do === 'enter PIN') && action.afterMs) await pause(action.afterMs / (this.options.timeSpeed ?? 1), cancelled)
    switch (action.do) {
      case 'present card':
        // The simulated terminal has one card per scheme: the card the issuer refuses is that card with the issuer told to refuse it.
        if (action.issuerDeclines) await this.request('POST', '/host/decline-next', { actionCode: '51' })
        if (action.alsoInField?.length) return this.tapTogetherThenAlone(action.card.profile, action.alsoInField.map((c) => c.profile), cancelled)
        return this.act('/cardholder/present', { card: action.card.profile, entry: action.entry }, cancelled)
      case 'enter PIN': return this.act('/cardholder/pin', { correct: action.pin === 'correct' }, cancelled)
      case 'press Stop': return this.act('/cardholder/stop', undefined, cancelled)
      case 'remove card': return this.removeCard(cancelled)
      case 'nothing': return { answer: 'done', by: NAME, note: action.what }
      // The instants (the request arriving, the answer ready) no hand catches: the control channel pulls the plug then for the hand.
      case 'pull cable': return this.act('/link/unplug', { forMs: action.forMs, at: action.when === 'payment starts' ? 'payment' : 'answer' }, cancelled)
      case 'plug cable': return this.cableBackIn(cancelled)
      case 'unplug uplink': return this.act('/host/offline', undefined, cancelled)
      case 'plug uplink': return this.act('/host/online', undefined, cancelled)
      case 'switch off': return this.act('/power/off', undefined, cancelled)
      case 'restart terminal': return this.act('/power-cycle', undefined, cancelled)
      case 'keep terminal silent': return this.act('/terminal/hang', undefined, cancelled)
      case 'occupy terminal': return this.act('/terminal/occupy', { with: action.with === 'its merchant menu' ? 'merchant menu' : 'another workstation' }, cancelled)
      case 'free terminal': return this.act('/terminal/free', undefined, cancelled)
      case 'confirm': return this.confirm(action.approvedCents, action.approvals)
      case 'allow partial approval': return this.act('/terminal/partial-approval', { allowed: true }, cancelled)
      case 'limit funds': return this.act('/host/available-funds', { card: action.card.profile, amount: (action.availableCents / 100).toFixed(2) }, cancelled)
      case 'load firmware': return this.act('/terminal/firmware', action.variant === 'plain request counter' ? { deviceRequestIds: 'incrementing' } : { rowsLastFirst: true }, cancelled)
      // Manual mode has its own scripted person at the POS (scripted-pos-person.ts); these hands reach only the terminal.
      case 'on POS':
      case 'read POS': return this.couldNot('the simulated terminal\'s control channel has no hands on the POS under test')
    }
  }

  /** The wallet to the reader; when the terminal asks for one card, the one card alone. */
  private async tapTogetherThenAlone(card: string, others: string[], cancelled: AbortSignal): Promise<OperatorReply> {
    const together = await this.act('/cardholder/present', { card, together: others }, cancelled)
    if (together.answer !== 'done') return together
    if (!await this.screenShows('present one card', cancelled)) return this.couldNot('the terminal never asked for one card after the wallet was held to it')
    const alone = await this.act('/cardholder/present', { card, entry: 'contactless' }, cancelled)
    return alone.answer === 'done' ? { ...alone, note: `${together.note}; then ${alone.note}` } : alone
  }

  /** A person looks at the terminal's screen until it shows `prompt`, for as long as their patience lasts. */
  private async screenShows(prompt: string, cancelled: AbortSignal): Promise<boolean> {
    const giveUpAt = Date.now() + (this.options.patienceMs ?? 5_000)
    while (Date.now() <= giveUpAt && !cancelled.aborted) {
      const status = await this.request('GET', '/status')
      if ((status.body.screen as { prompt?: string } | undefined)?.prompt === prompt) return true
      await pause(50, cancelled)
    }
    return false
  }

  /**
   * A card already out is what the prompt asks for: a person looks, sees no card and says done. One
   * still in comes out when the terminal asks for it: a chip card pulled during a payment would end it.
   */
  private async removeCard(cancelled: AbortSignal): Promise<OperatorReply> {
    const giveUpAt = Date.now() + (this.options.patienceMs ?? 5_000)
    for (;;) {
      const status = await this.request('GET', '/status')
      if (!status.body.cardInReader) return { answer: 'done', by: NAME, note: 'the card was already out' }
      const asking = (status.body.screen as { prompt?: string } | undefined)?.prompt === 'remove card'
      if (asking || Date.now() > giveUpAt || cancelled.aborted) break
      await pause(50, cancelled)
    }
    const removed = await this.act('/cardholder/remove-card', undefined, cancelled)
    return removed.answer !== 'done' && /no card in the reader/.test(removed.note ?? '') ? { answer: 'done', by: NAME, note: 'the card was already out' } : removed
  }

  /** The control channel put the cable back by itself after the time asked; a person looks that it is in. */
  private async cableBackIn(cancelled: AbortSignal): Promise<OperatorReply> {
    while (!cancelled.aborted) {
      const status = await this.request('GET', '/status')
      if (status.body.cableOut === false && status.body.cableArmed !== true) return { answer: 'done', by: NAME, note: 'the cable is back in' }
      await pause(50, cancelled)
    }
    return this.couldNot('the cable was still out when the prompt ended')
  }

  /** The simulated host's status stands in for CCV's test back office. */
  private async confirm(approvedCents: number, approvals: number): Promise<OperatorReply> {
    const host = await this.hostStatus()
    const cents = host.approvedCents - this.baselineCents
    const authorisations = host.authorisations - this.baselineAuthorisations
    const shown = `the host approved ${describeMoney({ minor: cents, currency: 'EUR' })} in ${authorisations} authorisation(s) during this scenario`
    return cents === approvedCents && authorisations >= approvals ? { answer: 'done', by: NAME, note: shown } : { answer: 'could not', by: NAME, note: shown }
  }

  private async hostStatus(): Promise<{ approvedCents: number; authorisations: number }> {
    const status = await this.request('GET', '/status')
    const host = status.body.host as { approvedTotal?: string; authorisations?: number } | undefined
    const euros = /^(\d+)\.(\d{2})/.exec(host?.approvedTotal ?? '')
    if (!euros || typeof host?.authorisations !== 'number') throw new Error(`the control channel's status has no host totals: ${JSON.stringify(status.body)}`)
    return { approvedCents: Number(euros[1]) * 100 + Number(euros[2]), authorisations: host.authorisations }
  }

  /** A person waits until the terminal shows the moment ("is not asking for ... yet"), then acts once. */
  private async act(path: string, body: unknown, cancelled: AbortSignal): Promise<OperatorReply> {
    const giveUpAt = Date.now() + (this.options.patienceMs ?? 5_000)
    for (;;) {
      const answer = await this.request('POST', path, body)
      if (answer.status === 200) return { answer: 'done', by: NAME, note: text(answer.body.done) }
      const why = text(answer.body.error) || `the control channel answered ${answer.status}`
      const notYet = answer.status === 409 && /is not asking for/.test(why)
      if (!notYet || Date.now() > giveUpAt || cancelled.aborted) return this.couldNot(why)
      await pause(50, cancelled)
    }
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`
    const response = await fetch(new URL(path, this.options.controlUrl), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await response.text()
    let parsed: Record<string, unknown> = {}
    try { parsed = JSON.parse(text) as Record<string, unknown> } catch { parsed = { error: text.slice(0, 200) } }
    return { status: response.status, body: parsed }
  }

  private couldNot(note: string): OperatorReply {
    return { answer: 'could not', by: NAME, note }
  }
}

/**
 * What a tester puts right before the next case, one thing at a time; undefined when nothing is left. Last,
 * what the last case set up is undone (firmware loads only on an idle terminal: until then it is refused
 * and asked again).
 */
function tidyUp(status: Record<string, unknown>): { route: string; body?: unknown } | undefined {
  const host = status.host as { reachable?: boolean; limitedFunds?: Record<string, string> } | undefined
  if (status.poweredOn === false) return { route: '/power/on' }
  if (status.hanging) return { route: '/power-cycle' }
  if (status.occupied) return { route: '/terminal/free' }
  if (host?.reachable === false) return { route: '/host/online' }
  if (status.cableOut || status.cableArmed) return { route: '/link/plug' }
  if (status.cardInReader) return { route: '/cardholder/remove-card' }
  const limited = Object.keys(host?.limitedFunds ?? {})[0]
  if (limited) return { route: '/host/available-funds', body: { card: limited } }
  if (status.partialApproval === true) return { route: '/terminal/partial-approval', body: { allowed: false } }
  const firmware = status.firmware as { deviceRequestIds?: string; rowsLastFirst?: boolean } | undefined
  if (firmware && (firmware.deviceRequestIds !== 'dotted' || firmware.rowsLastFirst)) return { route: '/terminal/firmware', body: { deviceRequestIds: 'dotted', rowsLastFirst: false } }
  return undefined
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function pause(ms: number, cancelled: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => { clearTimeout(timer); resolve() }
    const timer = setTimeout(() => { cancelled.removeEventListener('abort', stop); resolve() }, ms)
    cancelled.addEventListener('abort', stop, { once: true })
  })
}
