import { describeMoney, parseDecimal } from '../opi/money'
import { CARD_PROFILES, type CardEntry, type CardProfile } from './cards'
import type { DefaultCardholder } from './default-cardholder'
import type { SimulatedTerminal, TerminalOccupation } from './simulated-terminal'
import { RESTART_PLANS, type TerminalRestartKind } from './terminal-restarts'

/** A control request that cannot be carried out; `status` is the HTTP status that says why. */
export class ControlError extends Error {
  constructor(readonly status: 400 | 404 | 405 | 409, message: string) {
    super(message)
    this.name = 'ControlError'
  }
}

export interface ControlAnswer {
  status: number
  body: Record<string, unknown>
}

export interface ControlApiOptions {
  /** The cardholder who acts when nobody else does; the control channel can switch it off and on. */
  cardholder?: DefaultCardholder
  /** The terminal's last final answer as the bench saw it on the wire, for GET /status. */
  lastAnswer?: () => unknown
}

const ENTRIES: readonly CardEntry[] = ['chip', 'contactless', 'magstripe']

/** What can keep a terminal from taking a payment, and how it then refuses one. */
// What a person does to occupy the terminal; the terminal itself decides what it answers meanwhile.
const OCCUPATIONS: Record<string, TerminalOccupation> = { 'merchant menu': 'its merchant menu', 'another workstation': 'another workstation\'s payment' }

function cardCalled(name: string): CardProfile {
  const card = CARD_PROFILES[name.toLowerCase()]
  if (!card) throw new ControlError(400, `no test card called "${name}"; known cards: ${Object.keys(CARD_PROFILES).join(', ')}`)
  return card
}

/** Every route, for GET / and for the message that answers an unknown one. */
export const CONTROL_ROUTES = [
  'GET  /status',
  'POST /cardholder/present      {"card":"maestro","entry":"chip"} or {"card":"visa","together":["mastercard"]}',
  'POST /cardholder/pin          {"pin":"1234"} or {"correct":true} or {"correct":false}',
  'POST /cardholder/stop',
  'POST /cardholder/remove-card',
  'POST /cardholder/default      {"enabled":false} and/or {"delayMs":1000}',
  'POST /host/offline',
  'POST /host/online',
  'POST /host/decline-next       {"actionCode":"51"}',
  'POST /host/latency            {"ms":1500}',
  'POST /host/available-funds    {"card":"maestro","amount":"30.00"}: the issuer\'s account behind that test card holds only that much; without "amount" it is unlimited again',
  'POST /link/drop',
  'POST /link/unplug             {"forMs":20000}: the register\'s cable out for that long, then back in; with "at":"payment" or "at":"answer" pulled the instant the next payment arrives or its answer is ready',
  'POST /link/plug               the register\'s cable back in now, and any hand taken off the plug',
  'POST /power/off',
  'POST /power/on',
  'POST /power-cycle',
  'POST /terminal/occupy         {"with":"merchant menu"} or {"with":"another workstation"}',
  'POST /terminal/free',
  'POST /terminal/hang',
  'POST /terminal/restart        {"kind":"component update"} or "daily reboot" or "client restart"',
  'POST /terminal/partial-approval {"allowed":true}: the acquirer profile lets the host approve less than asked',
  'POST /terminal/firmware       {"deviceRequestIds":"incrementing"} and/or {"rowsLastFirst":true}: a firmware that writes its messages so; "dotted" and false are the default',
] as const

/**
 * What a person or a test may do to a running simulated terminal: act as the cardholder, the acquiring
 * host and the environment. It never says what result a payment should have; the terminal and its host
 * decide that by their own rules. Free of HTTP, so it can be tested and wired to anything.
 */
export class ControlApi {
  /** The card presented through this channel in the current payment, for {"correct": true}. */
  private presented?: CardProfile
  private switchedOff = false

  constructor(private readonly terminal: SimulatedTerminal, private readonly options: ControlApiOptions = {}) {
    terminal.face.onScreen((screen) => { if (screen.prompt === 'present card') this.presented = undefined })
  }

  /** Routes one request; throws ControlError for anything it cannot do. */
  async perform(method: string, path: string, body: unknown): Promise<ControlAnswer> {
    const route = `${method.toUpperCase()} ${path.replace(/\/+$/, '') || '/'}`
    switch (route) {
      case 'GET /': return ok({ routes: CONTROL_ROUTES })
      case 'GET /status': return ok(this.status())
      case 'POST /cardholder/present': return ok(this.presentCard(fields(body, { card: 'string', entry: 'string?', together: 'strings?' })))
      case 'POST /cardholder/pin': return ok(this.enterPin(fields(body, { pin: 'string?', correct: 'boolean?' })))
      case 'POST /cardholder/stop': return noFields(body, () => this.pressStop())
      case 'POST /cardholder/remove-card': return noFields(body, () => this.removeCard())
      case 'POST /cardholder/default': return ok(this.defaultCardholder(fields(body, { enabled: 'boolean?', delayMs: 'number?' })))
      case 'POST /host/offline': return noFields(body, () => this.hostReachable(false))
      case 'POST /host/online': return noFields(body, () => this.hostReachable(true))
      case 'POST /host/decline-next': return ok(this.declineNext(fields(body, { actionCode: 'string' })))
      case 'POST /host/latency': return ok(this.hostLatency(fields(body, { ms: 'number' })))
      case 'POST /link/drop': return noFields(body, () => this.dropLinks())
      case 'POST /link/unplug': return ok(this.unplug(fields(body, { forMs: 'number', at: 'string?' })))
      case 'POST /link/plug': return noFields(body, () => this.plug())
      case 'POST /power/off': fields(body, {}); return ok(await this.switchOff())
      case 'POST /power/on': fields(body, {}); return ok(await this.switchOn())
      case 'POST /power-cycle': fields(body, {}); return ok(await this.powerCycle())
      case 'POST /terminal/occupy': return ok(this.occupy(fields(body, { with: 'string' })))
      case 'POST /terminal/free': return noFields(body, () => this.free())
      case 'POST /terminal/hang': return noFields(body, () => this.hang())
      case 'POST /terminal/restart': return ok(this.restart(fields(body, { kind: 'string' })))
      case 'POST /host/available-funds': return ok(this.availableFunds(fields(body, { card: 'string', amount: 'string?' })))
      case 'POST /terminal/partial-approval': return ok(this.partialApproval(fields(body, { allowed: 'boolean' })))
      case 'POST /terminal/firmware': return ok(this.firmware(fields(body, { deviceRequestIds: 'string?', rowsLastFirst: 'boolean?' })))
    }
    const allowed = CONTROL_ROUTES.map((r) => r.split(/\s+/)).filter(([, p]) => p === path.replace(/\/+$/, '')).map(([m]) => m)
    if (allowed.length) throw new ControlError(405, `${method} is not allowed on ${path}; use ${allowed.join(' or ')}`)
    throw new ControlError(404, `no such control route: ${method} ${path}; GET / lists them`)
  }

  status(): Record<string, unknown> {
    const { terminal } = this
    const host = terminal.host
    const last = host.ledger.at(-1)
    const holder = this.options.cardholder?.options
    return {
      state: terminal.state,
      screen: terminal.face.screen,
      cardInReader: terminal.face.cardInReader ? { card: terminal.face.cardInReader.card.name, entry: terminal.face.cardInReader.entry } : null,
      openConnections: terminal.cable.openConnections,
      restarting: terminal.restarts.restarting || terminal.restarts.starting,
      poweredOn: !this.switchedOff,
      occupied: terminal.faults.occupiedWith ?? null,
      hanging: Boolean(terminal.faults.silent),
      partialApproval: terminal.settings.partialApproval,
      firmware: { deviceRequestIds: terminal.firmware.deviceRequestIds ?? 'dotted', rowsLastFirst: Boolean(terminal.firmware.rowsLastFirst) },
      cableOut: terminal.cableOut,
      /** A cable pull waiting for the running payment's answer (POST /link/unplug with "at":"answer"). */
      cableArmed: Boolean(terminal.faults.linkDrop),
      host: {
        reachable: host.reachable,
        latencyMs: host.latencyMs,
        authorisations: host.ledger.length,
        approvedTotal: describeMoney({ minor: host.approvedTotal(), currency: 'EUR' }),
        limitedFunds: Object.fromEntries(Object.entries(host.limitedFunds()).map(([card, minor]) => [card, describeMoney({ minor, currency: 'EUR' })])),
        last: last ? { stan: last.stan, amount: describeMoney(last.amount), circuit: last.circuit, entry: last.entry, approved: last.decision.approved, actionCode: last.decision.actionCode } : null,
      },
      defaultCardholder: holder ? { enabled: holder.enabled, delayMs: holder.delayMs, card: holder.card.name, entry: holder.entry } : null,
      lastAnswer: this.options.lastAnswer?.() ?? null,
    }
  }

  presentCard(request: { card: string; entry?: string; together?: string[] }): Record<string, unknown> {
    const card = cardCalled(request.card)
    if (request.together?.length) return this.tapTogether(card, request.together.map(cardCalled), request.entry)
    const entry = (request.entry ?? 'chip') as CardEntry
    if (!ENTRIES.includes(entry)) throw new ControlError(400, `"${request.entry}" is no way to present a card; use one of ${ENTRIES.join(', ')}`)
    if (!card.entries.includes(entry)) throw new ControlError(400, `a ${card.name} card cannot be read by ${entry} (it supports ${card.entries.join(', ')})`)
    this.expect('present card', 'a card')
    this.presented = card
    this.terminal.face.presentCard(card, entry)
    return { done: `presented ${card.name} by ${entry}` }
  }

  /** Several contactless cards held to the reader at once, as a wallet is. */
  private tapTogether(card: CardProfile, others: CardProfile[], entry?: string): Record<string, unknown> {
    if (entry !== undefined && entry !== 'contactless') throw new ControlError(400, 'cards held to the reader together are read contactless; leave "entry" out or give "contactless"')
    const wallet = [card, ...others]
    const cannot = wallet.find((c) => !c.entries.includes('contactless'))
    if (cannot) throw new ControlError(400, `a ${cannot.name} card cannot be read contactless`)
    this.expect('present card', 'a card')
    this.presented = card
    this.terminal.face.tapTogether(wallet)
    return { done: `held ${wallet.map((c) => c.name).join(' and ')} to the reader together` }
  }

  enterPin(request: { pin?: string; correct?: boolean }): Record<string, unknown> {
    if ((request.pin === undefined) === (request.correct === undefined)) throw new ControlError(400, 'give either "pin" (digits) or "correct" (true or false), not both')
    if (request.pin !== undefined && !/^\d{4,12}$/.test(request.pin)) throw new ControlError(400, '"pin" must be 4 to 12 digits')
    this.expect('enter PIN', 'a PIN')
    let pin = request.pin
    if (pin === undefined) {
      const card = this.presented ?? this.terminal.face.cardInReader?.card
      if (!card) throw new ControlError(409, 'which PIN is correct is known only for a card presented through this channel or still in the reader; send {"pin":"..."} instead')
      pin = request.correct ? card.pin : wrongPin(card.pin)
    }
    this.terminal.face.enterPin(pin)
    return { done: request.pin !== undefined ? 'entered a PIN' : `entered the ${request.correct ? 'correct' : 'wrong'} PIN` }
  }

  pressStop(): Record<string, unknown> {
    const prompt = this.terminal.face.screen.prompt
    if (prompt !== 'present card' && prompt !== 'enter PIN') throw new ControlError(409, `Stop has no effect now: the terminal shows "${this.terminal.face.screen.lines.join(' / ')}"`)
    this.terminal.face.pressStop()
    return { done: 'pressed Stop' }
  }

  removeCard(): Record<string, unknown> {
    if (!this.terminal.face.cardInReader) throw new ControlError(409, 'there is no card in the reader')
    this.terminal.face.removeCard()
    return { done: 'removed the card' }
  }

  defaultCardholder(request: { enabled?: boolean; delayMs?: number }): Record<string, unknown> {
    const holder = this.options.cardholder
    if (!holder) throw new ControlError(409, 'this terminal runs without a default cardholder')
    if (request.enabled === undefined && request.delayMs === undefined) throw new ControlError(400, 'give "enabled" (true or false) and/or "delayMs" (milliseconds)')
    if (request.delayMs !== undefined && !(Number.isInteger(request.delayMs) && request.delayMs >= 0 && request.delayMs <= 600_000)) {
      throw new ControlError(400, '"delayMs" must be a whole number of milliseconds from 0 to 600000')
    }
    if (request.enabled !== undefined) holder.options.enabled = request.enabled
    if (request.delayMs !== undefined) holder.options.delayMs = request.delayMs
    return { done: `default cardholder ${holder.options.enabled ? 'on' : 'off'}, acting after ${holder.options.delayMs} ms` }
  }

  hostReachable(reachable: boolean): Record<string, unknown> {
    this.terminal.host.reachable = reachable
    return { done: reachable ? 'the host is online' : 'the host is offline' }
  }

  /** The issuer turns down the next authorisation, e.g. 51 for insufficient funds. */
  declineNext(request: { actionCode: string }): Record<string, unknown> {
    if (!/^\d{1,3}$/.test(request.actionCode) || Number(request.actionCode) === 0) throw new ControlError(400, '"actionCode" must be an ISO-8583 decline code of 1 to 3 digits, such as "51" (0 is approval)')
    this.terminal.host.declineNext(request.actionCode)
    return { done: `the issuer declines the next authorisation with action code ${request.actionCode}` }
  }

  hostLatency(request: { ms: number }): Record<string, unknown> {
    if (!Number.isInteger(request.ms) || request.ms < 0 || request.ms > 600_000) throw new ControlError(400, '"ms" must be a whole number of milliseconds from 0 to 600000')
    this.terminal.host.latencyMs = request.ms
    return { done: `the host answers after ${request.ms} ms` }
  }

  dropLinks(): Record<string, unknown> {
    return { done: 'cut the link', connectionsCut: this.terminal.dropLinks() }
  }

  /**
   * The register's cable out for `forMs`, then plugged back in: the terminal is told nothing. With
   * `at` a hand on the plug pulls it the instant the next payment request arrives ("payment", ATT-Q1B)
   * or its answer is ready to go out ("answer", ATT-T1A): instants no person catches exactly.
   */
  unplug(request: { forMs: number; at?: string }): Record<string, unknown> {
    if (!Number.isInteger(request.forMs) || request.forMs < 0 || request.forMs > 600_000) throw new ControlError(400, '"forMs" must be a whole number of milliseconds from 0 to 600000')
    if (request.at !== undefined && request.at !== 'payment' && request.at !== 'answer') throw new ControlError(400, '"at" can be "payment" (the instant the next payment request arrives) or "answer" (the instant its answer is ready); leave it out to pull the cable now')
    if (this.terminal.cableOut || this.terminal.faults.linkDrop) throw new ControlError(409, 'the cable is already out, or a hand is already on the plug')
    if (request.at) {
      const moment = request.at === 'payment' ? 'payment started' : 'before the answer'
      this.terminal.faults.linkDrop = { moment, forMs: request.forMs }
      return { done: `a hand is on the register's cable: it comes out the instant ${request.at === 'payment' ? 'the next payment request arrives' : 'the terminal\'s answer is ready'}, and goes back in after ${request.forMs} ms` }
    }
    this.terminal.pullCable(request.forMs)
    return { done: `pulled the register's cable; it goes back in after ${request.forMs} ms` }
  }

  /** The cable back in before its time, as a tester does tidying the bench. */
  plug(): Record<string, unknown> {
    if (!this.terminal.cableOut && !this.terminal.faults.linkDrop) throw new ControlError(409, 'the cable is in')
    this.terminal.faults.linkDrop = undefined
    this.terminal.plugCable()
    return { done: 'the register\'s cable is back in' }
  }

  /** Off until switched on: the request port refuses connections, the running request is lost unanswered. */
  async switchOff(): Promise<Record<string, unknown>> {
    if (this.switchedOff) throw new ControlError(409, 'the terminal is already switched off')
    this.switchedOff = true
    await this.terminal.goAway()
    return { done: 'switched the terminal off' }
  }

  async switchOn(): Promise<Record<string, unknown>> {
    if (!this.switchedOff) throw new ControlError(409, 'the terminal is already on')
    // A terminal that hung comes back from a power-on with working firmware, as a real one does.
    this.terminal.faults.silent = false
    await this.terminal.comeBack()
    this.switchedOff = false
    return { done: 'switched the terminal on; it is idle' }
  }

  async powerCycle(): Promise<Record<string, unknown>> {
    if (this.switchedOff) throw new ControlError(409, 'the terminal is switched off; switch it on instead')
    this.terminal.faults.silent = false
    await this.terminal.powerCycle()
    return { done: 'power-cycled; the terminal is idle' }
  }

  /** Someone opens the merchant menu, or another workstation's payment holds it: payments are turned away. */
  occupy(request: { with: string }): Record<string, unknown> {
    const busy = OCCUPATIONS[request.with]
    if (!busy) throw new ControlError(400, `"${request.with}" is nothing that occupies a terminal; use one of ${Object.keys(OCCUPATIONS).join(', ')}`)
    this.terminal.faults.occupiedWith = busy
    return { done: `the terminal is occupied with ${request.with}` }
  }

  free(): Record<string, unknown> {
    if (!this.terminal.faults.occupiedWith) throw new ControlError(409, 'the terminal is not occupied')
    this.terminal.faults.occupiedWith = undefined
    return { done: 'the terminal is back on its idle screen' }
  }

  /** The firmware hangs: requests are taken and never answered, until the terminal is switched off and on. */
  hang(): Record<string, unknown> {
    this.terminal.faults.silent = true
    return { done: 'the terminal takes requests and never answers them, until it is power-cycled' }
  }

  /** Starts the restart and answers at once: the terminal is away for minutes, the caller watches /status. */
  restart(request: { kind: string }): Record<string, unknown> {
    const kinds = Object.keys(RESTART_PLANS)
    if (!kinds.includes(request.kind)) throw new ControlError(400, `"${request.kind}" is no restart this terminal knows; use one of ${kinds.join(', ')}`)
    if (this.terminal.restarts.restarting) throw new ControlError(409, 'the terminal is already restarting')
    const kind = request.kind as TerminalRestartKind
    void this.terminal.restarts.restart(kind)
    const plan = RESTART_PLANS[kind]
    return { done: `${kind} started: away for ${plan.awayMs / 1000} s, then starting for ${plan.startingMs / 1000} s` }
  }

  /** The issuer's side of a test card: how much its account holds, as loaded in the test back office. */
  availableFunds(request: { card: string; amount?: string }): Record<string, unknown> {
    const card = cardCalled(request.card)
    if (request.amount === undefined) {
      this.terminal.host.clearAvailableFunds(card)
      return { done: `the ${card.name} card's account is unlimited again` }
    }
    if (!/^\d{1,7}\.\d{2}$/.test(request.amount)) throw new ControlError(400, '"amount" must be euros with two decimals, such as "30.00"')
    const amount = parseDecimal(request.amount)
    this.terminal.host.setAvailableFunds(card, amount)
    return { done: `the ${card.name} card's account holds ${describeMoney(amount)}` }
  }

  /** A setting of the terminal's acquirer profile, as CCV or a service engineer makes it. */
  partialApproval(request: { allowed: boolean }): Record<string, unknown> {
    this.terminal.settings.partialApproval = request.allowed
    return { done: request.allowed ? 'the terminal lets the host approve part of an amount' : 'the terminal asks the host for the whole amount or nothing' }
  }

  /** Another firmware on the terminal: how it numbers and writes its messages to the register. */
  firmware(request: { deviceRequestIds?: string; rowsLastFirst?: boolean }): Record<string, unknown> {
    if (request.deviceRequestIds === undefined && request.rowsLastFirst === undefined) throw new ControlError(400, 'give "deviceRequestIds" ("dotted" or "incrementing") and/or "rowsLastFirst" (true or false)')
    if (request.deviceRequestIds !== undefined && request.deviceRequestIds !== 'dotted' && request.deviceRequestIds !== 'incrementing') {
      throw new ControlError(400, '"deviceRequestIds" is "dotted" (per payment: 12.1, 12.2) or "incrementing" (a plain counter)')
    }
    if (this.terminal.state !== 'idle') throw new ControlError(409, `firmware is loaded on an idle terminal; it is ${this.terminal.state}`)
    const { firmware } = this.terminal
    if (request.deviceRequestIds !== undefined) firmware.deviceRequestIds = request.deviceRequestIds === 'incrementing' ? 'incrementing' : undefined
    if (request.rowsLastFirst !== undefined) firmware.rowsLastFirst = request.rowsLastFirst || undefined
    return { done: `the terminal's firmware numbers its messages ${firmware.deviceRequestIds === 'incrementing' ? 'with a plain counter' : 'per payment'} and writes their lines ${firmware.rowsLastFirst ? 'last row first' : 'in row order'}` }
  }

  private expect(prompt: 'present card' | 'enter PIN', what: string): void {
    const screen = this.terminal.face.screen
    const asking = screen.prompt === prompt || (prompt === 'present card' && screen.prompt === 'present one card')
    if (!asking) throw new ControlError(409, `the terminal is not asking for ${what}; its screen shows "${screen.lines.join(' / ')}"`)
  }
}

function noFields(body: unknown, act: () => Record<string, unknown>): ControlAnswer {
  fields(body, {})
  return ok(act())
}

function ok(body: Record<string, unknown>): ControlAnswer {
  return { status: 200, body }
}

type FieldType = 'string' | 'string?' | 'strings?' | 'number' | 'number?' | 'boolean' | 'boolean?'
type FieldValue<T extends FieldType> =
  T extends 'string' ? string : T extends 'string?' ? string | undefined : T extends 'strings?' ? string[] | undefined
    : T extends 'number' ? number : T extends 'number?' ? number | undefined : T extends 'boolean' ? boolean : boolean | undefined

/** Checks a JSON body against the fields a route takes; unknown fields are refused, not ignored. */
export function fields<S extends Record<string, FieldType>>(body: unknown, shape: S): { [K in keyof S]: FieldValue<S[K]> } {
  const value = body ?? {}
  if (typeof value !== 'object' || Array.isArray(value)) throw new ControlError(400, 'the body must be a JSON object')
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (!(key in shape)) throw new ControlError(400, `unknown field "${key}"${Object.keys(shape).length ? `; this route takes ${Object.keys(shape).join(', ')}` : '; this route takes no fields'}`)
  }
  for (const [key, type] of Object.entries(shape)) {
    const v = record[key]
    const optional = type.endsWith('?')
    if (v === undefined) {
      if (!optional) throw new ControlError(400, `missing field "${key}"`)
      continue
    }
    if (type === 'strings?') {
      if (!Array.isArray(v) || v.some((item) => typeof item !== 'string')) throw new ControlError(400, `field "${key}" must be a list of strings`)
      continue
    }
    const base = type.replace('?', '')
    if (typeof v !== base) throw new ControlError(400, `field "${key}" must be a ${base}`)
  }
  return record as { [K in keyof S]: FieldValue<S[K]> }
}

function wrongPin(pin: string): string {
  return pin === '0000' ? '1111' : '0000'
}
