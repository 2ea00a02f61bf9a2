/**
 * Whether a CCV case applies to the declared integration: each case needs capabilities
 * (src/catalogue/case-requirements.json); one the declaration does not support makes the case not
 * applicable, with the declaration's own reason.
 */
import requirements from '../catalogue/case-requirements.json'
import { declaredReason, isSupported, type Capability, type Declaration } from './declaration'

export type Applicability = { applicable: true } | { applicable: false; reason: string }

const REQUIREMENTS = (requirements as { cases: Record<string, string[]> }).cases

const LABELS: Record<string, string> = {
  attended: 'attended terminals', unattendedMetered: 'unattended metered delivery (chargers, pumps)',
  unattendedVending: 'unattended vending', softpos: 'SoftPOS',
}

function lookup(d: Declaration, name: string): Capability | undefined {
  return name in d.terminalTypes ? d.terminalTypes[name] : d.features[name]
}

const label = (name: string) => LABELS[name] ?? name

export function caseRequirements(caseId: string): readonly string[] {
  const found = REQUIREMENTS[caseId]
  if (!found) throw new Error(`case-requirements.json has no entry for CCV case ${caseId}`)
  return found
}

export function applicability(caseId: string, d: Declaration): Applicability {
  for (const requirement of caseRequirements(caseId)) {
    if (requirement.startsWith('!')) {
      const name = requirement.slice(1)
      const c = lookup(d, name)
      if (isSupported(c)) return { applicable: false, reason: `declared ${name}: true${declaredReason(c) ? ` (${declaredReason(c)})` : ''}; this case is for integrations without it` }
      continue
    }
    const alternatives = requirement.split('|')
    if (alternatives.some((name) => isSupported(lookup(d, name)))) continue
    const reasons = alternatives.map((name) => declaredReason(lookup(d, name))).filter((r): r is string => r !== undefined)
    const what = alternatives.map(label).join(' or ')
    return { applicable: false, reason: `the declaration says ${what}: not supported${reasons.length ? ` (${reasons.join('; ')})` : ''}` }
  }
  return { applicable: true }
}
