// The cashier journeys every integration goes through the port, and what a journey's end looks like
// from the outside: shared by the parity tests of the driver adapter and of manual mode.
import type { IntegrationUnderTest } from '../../src/integration/integration-under-test'
import { money, type Money } from '../../src/opi/money'

/** One journey's observable end: the conclusion, what it journaled, the register's last own message, the bill. */
export async function journey(integration: IntegrationUnderTest, run: (i: IntegrationUnderTest) => Promise<{ status: string; amount: Money }>) {
  const journaledBefore = (await integration.journal()).length
  const outcome = await run(integration)
  const own = (await integration.display()).filter((m) => m.source === 'register').at(-1)
  const state = await integration.state()
  return {
    status: outcome.status, amount: outcome.amount,
    journal: (await integration.journal()).slice(journaledBefore).map((e) => ({ result: e.result, amount: e.amount })),
    shown: own?.lines[0], saleOpen: state.saleOpen, leftToPay: state.leftToPay,
  }
}

export const JOURNEYS: [string, (i: IntegrationUnderTest) => Promise<{ status: string; amount: Money }>][] = [
  ['an approved payment of 10.00', (i) => i.payByCard(money(1000))],
  ['a payment of 50.05, which the host declines', (i) => i.payByCard(money(5005))],
  ['an amount of 0.00, refused before anything is sent', (i) => i.payByCard(money(0))],
  ['10.00 of a 30.00 bill', async (i) => { await i.openSale(money(3000)); return i.payByCard(money(1000), { part: true }) }],
  ['40.00 of a 30.00 bill, more than is left', async (i) => { await i.openSale(money(3000)); return i.payByCard(money(4000), { part: true }) }],
  ['a bill of -5.00 (goods returned) paid by card', async (i) => { await i.openSale(money(-500)); return i.payByCard(money(-500), { part: true }) }],
]

