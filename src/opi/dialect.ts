import type { WireFormat } from './codec'

/** How one family of CCV terminals speaks OPI. Uncertain points are settings, with the likely default. */
export interface Dialect {
  name: 'nl' | 'de'
  title: string
  channel0Port: number
  channel1Port: number
  /** OPI-DE wants a Login before payments; OPI-NL terminals have not been seen to. */
  loginRequired: boolean
  format: WireFormat
}

export const DIALECTS: Record<Dialect['name'], Dialect> = {
  nl: { name: 'nl', title: 'OPI-NL', channel0Port: 4100, channel1Port: 4102, loginRequired: false, format: { encoding: 'UTF-8', namespace: true } },
  de: { name: 'de', title: 'OPI-DE', channel0Port: 20002, channel1Port: 20007, loginRequired: true, format: { encoding: 'UTF-8', namespace: true } },
}

export function dialect(name: string): Dialect {
  const found = DIALECTS[name as Dialect['name']]
  if (!found) throw new Error(`unknown OPI dialect "${name}" (known: ${Object.keys(DIALECTS).join(', ')})`)
  return found
}
