import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A test card as the bench knows it: the suite's card profile and the physical card that gives it. */
export interface TestCardUse {
  /** The suite's card profile, as the scenarios name it: "maestro". */
  profile: string
  /** What is printed on the physical card the operator takes from the drawer. */
  testCard: string
  pin: string
}

export interface HostDecision {
  triggerAmount?: string
  testCard?: string
  how: string
}

export interface TestCardRegistryData {
  cards: Record<string, { testCard: string; pin: string }>
  hostDecisions: Record<string, HostDecision>
}

/** The default registry shipped with the suite; a bench config may name its own file. */
export const DEFAULT_TEST_CARDS = join(__dirname, 'test-cards.json')

/**
 * One data file says which physical CCV test card or trigger amount gives each card profile and host
 * decision; every prompt names the card from here, and the report records which one was asked for.
 */
export class TestCardRegistry {
  constructor(private readonly data: TestCardRegistryData, readonly source: string) {}

  static load(path = DEFAULT_TEST_CARDS): TestCardRegistry {
    let parsed: unknown
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      throw new Error(`cannot read the test-card registry ${path}: ${(error as Error).message}`)
    }
    return new TestCardRegistry(validate(parsed, path), path)
  }

  card(profile: string): TestCardUse {
    const key = profile.toLowerCase()
    const entry = this.data.cards[key]
    if (!entry) throw new Error(`the test-card registry ${this.source} has no card for the profile "${profile}"; it has ${Object.keys(this.data.cards).join(', ')}`)
    return { profile: key, testCard: entry.testCard, pin: entry.pin }
  }

  hostDecision(name: string): HostDecision {
    const decision = this.data.hostDecisions[name]
    if (!decision) throw new Error(`the test-card registry ${this.source} has no host decision "${name}"; it has ${Object.keys(this.data.hostDecisions).join(', ')}`)
    return decision
  }

  /** The host decision a payment of `cents` triggers on the test host, in words, if any. */
  triggeredBy(cents: number): string | undefined {
    const amount = (cents / 100).toFixed(2)
    const decision = Object.values(this.data.hostDecisions).find((d) => d.triggerAmount === amount)
    return decision?.how
  }

  /** The whole registry as text, for the report's environment. */
  describe(): string {
    const cards = Object.entries(this.data.cards).map(([profile, c]) => `${profile}: ${c.testCard}, PIN ${c.pin}`)
    const decisions = Object.entries(this.data.hostDecisions).map(([name, d]) => `${name}: ${d.triggerAmount ? `amount ${d.triggerAmount} EUR` : d.testCard} (${d.how})`)
    return [`Test-card registry ${this.source}`, ...cards, ...decisions].join('\n')
  }
}

function validate(value: unknown, path: string): TestCardRegistryData {
  const fail = (why: string): never => { throw new Error(`the test-card registry ${path} is not valid: ${why}`) }
  if (!isRecord(value)) return fail('it must be a JSON object')
  if (!isRecord(value.cards)) return fail('"cards" must be an object of card profiles')
  if (!isRecord(value.hostDecisions)) return fail('"hostDecisions" must be an object')
  for (const [profile, card] of Object.entries(value.cards)) {
    if (!isRecord(card) || typeof card.testCard !== 'string' || typeof card.pin !== 'string' || !/^\d{4,12}$/.test(card.pin)) fail(`card "${profile}" needs "testCard" (text) and "pin" (4 to 12 digits)`)
  }
  for (const [name, decision] of Object.entries(value.hostDecisions)) {
    if (!isRecord(decision) || typeof decision.how !== 'string' || (typeof decision.triggerAmount !== 'string' && typeof decision.testCard !== 'string')) fail(`host decision "${name}" needs "how" and a "triggerAmount" or "testCard"`)
    if (isRecord(decision) && typeof decision.triggerAmount === 'string' && !/^\d+\.\d{2}$/.test(decision.triggerAmount)) fail(`host decision "${name}": "triggerAmount" must be euros with two decimals, such as "50.05"`)
  }
  return value as unknown as TestCardRegistryData
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
