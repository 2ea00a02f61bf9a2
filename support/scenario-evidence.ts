import type { EvidenceItem } from '../src/report/case-page'
import { conversationText, displayText, journalText, receiptsText } from '../src/report/evidence'
import { IntegrationView } from './integration-view'
import type { CertificationWorld } from './world'

/**
 * The evidence CCV reads for a case, from whichever rig the scenario assembled: what crossed the link,
 * what the cashier or cardholder saw, what was printed and what the journal holds. Read at the moment
 * it is asked for, so a failing step gets the evidence up to its failure.
 */
export async function scenarioEvidence(world: CertificationWorld): Promise<EvidenceItem[]> {
  if (world.rig) {
    const { log } = world.rig
    // Read through the port now; a POS that no longer answers leaves the last reading as evidence.
    const seen = world.integration ? await IntegrationView.read(world.integration).catch(() => world.seen) : world.seen
    return [
      { title: 'OPI conversation (both channels)', text: conversationText(log.entries) },
      ...('registerLog' in world.rig ? [{ title: 'The register\'s own log of the conversation', text: conversationText(world.rig.registerLog.entries) }] : []),
      { title: 'Cashier display', text: displayText(seen.display) },
      { title: 'Receipts as printed', text: receiptsText([...seen.receipts, ...seen.merchantCopies]) },
      { title: 'Journal', text: journalText(seen.journal) },
    ]
  }
  const rig = world.unattended?.rig
  if (!rig) return []
  const items = [{ title: 'OPI conversation (both channels)', text: conversationText(rig.log.entries) }]
  if (!rig.isOpen) return items
  const machine = rig.machine
  return [
    ...items,
    { title: 'Customer display', text: displayText(machine.display.history) },
    { title: 'Receipts as printed', text: receiptsText(machine.printer.printed) },
    { title: 'Journal', text: journalText(machine.journal.entries()) },
  ]
}
