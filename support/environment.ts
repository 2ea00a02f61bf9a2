import { expect } from 'chai'
import { describeMoney, type Money } from '../src/opi/money'
import type { AcquiringHost } from '../src/terminal/acquiring-host'
import type { FirmwareVariant } from '../src/operator/prompts'
import type { CardProfile } from '../src/terminal/cards'
import type { CardholderPlan, ScriptedCardholder } from '../src/terminal/scripted-cardholder'
import type { SimulatedTerminal } from '../src/terminal/simulated-terminal'

/** What the link and the terminal will go through: the Givens of the recovery cases. */
export type TerminalFact =
  | { fact: 'link down from payment start'; forMs: number }
  | { fact: 'link drops before the answer'; forMs: number }
  | { fact: 'terminal will not answer' }
  | { fact: 'terminal restarted' }
  | { fact: 'terminal occupied'; with: 'its merchant menu' | 'another workstation\'s payment' }
  | { fact: 'terminal idle again' }
  | { fact: 'terminal switched off' }
  | { fact: 'host reachable'; reachable: boolean }
  /** The terminal's acquirer profile lets the host approve less than asked (C1A's partial approval). */
  | { fact: 'partial approval allowed' }
  /** The issuer's account behind the cardholder's card holds only this much. */
  | { fact: 'card funds'; card: CardProfile; available: Money }
  /** The terminal's firmware writes its messages this way (C1G's variants). */
  | { fact: 'terminal firmware'; variant: FirmwareVariant }

/**
 * Everything a scenario has the people and the world around the terminal do: the cardholder, the
 * issuer, the cable, the power. Two adapters: the scripted one acts on the simulated terminal in
 * process; the bench one turns each into a prompt to the person at a real terminal.
 */
export interface Environment {
  cardholderWillPay(plan: CardholderPlan): void
  /** Stop instead of a card, the next time one is asked for. */
  cardholderWillPressStop(reactionMs: number): void
  /** The issuer refuses the next authorisation (U1E's declined part). */
  issuerWillDeclineNext(actionCode: string): void
  /** Resolves when the fact is in place (the bench asks the operator first). */
  arrange(fact: TerminalFact): Promise<void>
}

/** One approved, not reversed authorisation as the host's records show it. */
export interface Approval {
  amount: Money
  circuit?: string
}

/**
 * Money moved, as the acquirer's records show it. In simulation the simulated host's ledger; on the
 * bench CCV's test back office, read by the operator. `source` goes into the report beside the verdict.
 */
export interface HostRecords {
  readonly source: string
  expectApprovals(expected: Approval[], what: string): Promise<void>
}

export class ScriptedEnvironment implements Environment {
  /** `drive` lets virtual time run until the work is done (a restart takes the terminal's own time). */
  constructor(private readonly cardholder: ScriptedCardholder, private readonly terminal: SimulatedTerminal,
    private readonly drive: <T>(what: string, work: () => Promise<T>) => Promise<T>) {}

  cardholderWillPay(plan: CardholderPlan): void {
    this.cardholder.willPay(plan)
  }

  cardholderWillPressStop(reactionMs: number): void {
    this.cardholder.willPressStopInsteadOfPresentingACard(reactionMs)
  }

  issuerWillDeclineNext(actionCode: string): void {
    this.terminal.host.declineNext(actionCode)
  }

  /**
   * Someone switches the terminal off and on: every connection is cut and the lost request unwound,
   * it boots and answers DeviceUnavailable until it is up. The hang goes with the old firmware run;
   * what the terminal keeps across a restart (its last transaction) is its own business.
   */
  private async powerCycle(): Promise<void> {
    await this.drive('the terminal switched off and on', async () => {
      const restart = this.terminal.restarts.restart('client restart')
      this.terminal.faults.silent = false
      await restart
    })
  }

  async arrange(fact: TerminalFact): Promise<void> {
    const { faults } = this.terminal
    switch (fact.fact) {
      case 'link down from payment start': faults.linkDrop = { moment: 'payment started', forMs: fact.forMs }; break
      case 'link drops before the answer': faults.linkDrop = { moment: 'before the answer', forMs: fact.forMs }; break
      case 'terminal will not answer': faults.silent = true; break
      case 'terminal restarted': await this.powerCycle(); break
      case 'terminal occupied': faults.occupiedWith = fact.with; break
      case 'terminal idle again': faults.occupiedWith = undefined; break
      case 'terminal switched off': await this.terminal.stop(); break
      case 'host reachable': this.terminal.host.reachable = fact.reachable; break
      case 'partial approval allowed': this.terminal.settings.partialApproval = true; break
      case 'card funds': this.terminal.host.setAvailableFunds(fact.card, fact.available); break
      case 'terminal firmware':
        if (fact.variant === 'plain request counter') this.terminal.firmware.deviceRequestIds = 'incrementing'
        else this.terminal.firmware.rowsLastFirst = true
        break
    }
  }
}

/** The simulated host's own ledger: every authorisation it approved and did not reverse. */
export class SimulatedHostRecords implements HostRecords {
  readonly source = 'the simulated acquiring host\'s ledger'

  constructor(private readonly host: AcquiringHost) {}

  expectApprovals(expected: Approval[], what: string): Promise<void> {
    const withCircuit = expected.some((e) => e.circuit !== undefined)
    const approved = this.host.ledger.filter((a) => a.decision.approved && !a.reversed).map((a) => (withCircuit ? { amount: a.amount, circuit: a.circuit } : { amount: a.amount }))
    expect(approved, what).to.deep.equal(expected)
    return Promise.resolve()
  }
}

export function describeApprovals(expected: Approval[]): string {
  if (expected.length === 0) return 'no approved authorisation'
  return expected.map((e) => `${describeMoney(e.amount)}${e.circuit ? ` on ${e.circuit}` : ''}`).join(' and ')
}
