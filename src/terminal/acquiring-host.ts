import type { Clock } from '../clock/clock'
import { sleep } from '../clock/clock'
import type { Money } from '../opi/money'
import type { CardEntry, CardProfile } from './cards'
import type { SeededRandom } from './seeded-random'

/** Extra verification the host asks of the cardholder, as CCV's test host does for trigger amounts. */
export type ExtraVerification = 'signature' | 'identification' | 'signature and identification'

export interface HostDecision {
  approved: boolean
  actionCode: string
  approvalCode?: string
  extraVerification?: ExtraVerification
}

export interface HostAuthorisation {
  stan: string
  amount: Money
  circuit: string
  entry: CardEntry
  decision: HostDecision
  /** The terminal took the authorisation back (cashier refused the signature or the ID). */
  reversed?: boolean
}

export class HostUnreachable extends Error {
  constructor() {
    super('the acquiring host does not answer')
    this.name = 'HostUnreachable'
  }
}

/**
 * CCV's test acquiring host as the simulation plays it. Its rules are the test host's published
 * triggers, keyed on the amount, so a scenario sets up a decline the same way a tester on the bench
 * would: by charging the trigger amount.
 */
export class AcquiringHost {
  reachable = true
  /** Virtual time an authorisation takes. */
  latencyMs = 1500
  readonly ledger: HostAuthorisation[] = []
  private declineOverride?: string

  constructor(private readonly clock: Clock, private readonly random: SeededRandom) {}

  /** The issuer declines the next authorisation with this ISO-8583 action code (e.g. 51, insufficient funds). */
  declineNext(actionCode: string): void {
    this.declineOverride = actionCode
  }

  async authorise(stan: string, amount: Money, card: CardProfile, entry: CardEntry): Promise<HostDecision> {
    await sleep(this.clock, this.latencyMs)
    if (!this.reachable) throw new HostUnreachable()
    const decision = this.decide(amount)
    this.ledger.push({ stan, amount, circuit: card.circuit, entry, decision })
    return decision
  }

  /** Money actually taken: approved authorisations that were not reversed. */
  approvedTotal(): number {
    return this.ledger.filter((a) => a.decision.approved && !a.reversed).reduce((sum, a) => sum + a.amount.minor, 0)
  }

  /** Reversal of an authorisation the terminal no longer stands behind. */
  reverse(stan: string): void {
    const authorisation = this.ledger.find((a) => a.stan === stan)
    if (authorisation) authorisation.reversed = true
  }

  private decide(amount: Money): HostDecision {
    const override = this.declineOverride
    this.declineOverride = undefined
    if (override) return { approved: false, actionCode: override }
    switch (amount.minor) {
      case 5005: return { approved: false, actionCode: '05' }
      case 5001: return this.approve('signature')
      case 5002: return this.approve('identification')
      case 5003: return this.approve('signature and identification')
      default: return this.approve()
    }
  }

  private approve(extraVerification?: ExtraVerification): HostDecision {
    return { approved: true, actionCode: '0', approvalCode: this.random.code(6), extraVerification }
  }
}
