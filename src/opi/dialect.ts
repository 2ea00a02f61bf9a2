import type { WireFormat } from './codec'

/**
 * Where DeviceRequests travel. `dual` (default, seen for OPI-NL): the terminal connects back to the
 * ECR's channel-1 listener. `single`: they arrive interleaved on the channel-0 connection of the running
 * request and the ECR answers on that same connection (CCV mAPI's SINGLE_SOCKET; reference 2.1 marks the
 * reading as uncertain). A serial line is always single: it is one stream.
 */
export type SocketMode = 'dual' | 'single'

/**
 * How the terminal numbers its DeviceRequests. `dotted` (default): `<parent RequestID>.<n>`, as EFTLink
 * and CCV's RepeatLastMessage answers show; `incrementing`: a plain counter over the terminal's life, as
 * some EPSs do. An ECR must accept both; the simulator can produce either.
 */
export type DeviceRequestIds = 'dotted' | 'incrementing'

/** How one family of CCV terminals speaks OPI. Uncertain points are settings, with the likely default. */
export interface Dialect {
  name: 'nl' | 'de'
  title: string
  channel0Port: number
  channel1Port: number
  /** OPI-DE wants a Login before payments; OPI-NL terminals have not been seen to (reference 14.2). */
  loginRequired: boolean
  /**
   * Encoding (UTF-8 default; ISO-8859-1 for terminals that declare or send Latin-1) and whether the
   * NRF default namespace is written (on by default; off mimics the Thales-OPI fixtures). Reading always
   * accepts both.
   */
  format: WireFormat
  socketMode: SocketMode
  deviceRequestIds: DeviceRequestIds
  /**
   * How a machine reads a card without a payment (receipt retrieval, Mifare subscription cards): the
   * CardServiceRequest type it sends, answered with PrivateData/CardToken or PrivateData/MifareUID.
   * CCV's wire form is not public (mAPI has readMifareUID); `CardValidation` is our assumption, and
   * `undefined` a terminal that cannot, where the machine offers neither function.
   */
  cardIdentification?: 'CardValidation'
}

export const DIALECTS: Record<Dialect['name'], Dialect> = {
  nl: {
    name: 'nl', title: 'OPI-NL', channel0Port: 4100, channel1Port: 4102, loginRequired: false,
    format: { encoding: 'UTF-8', namespace: true }, socketMode: 'dual', deviceRequestIds: 'dotted', cardIdentification: 'CardValidation',
  },
  de: {
    name: 'de', title: 'OPI-DE', channel0Port: 20002, channel1Port: 20007, loginRequired: true,
    format: { encoding: 'UTF-8', namespace: true }, socketMode: 'dual', deviceRequestIds: 'dotted', cardIdentification: 'CardValidation',
  },
}

export function dialect(name: string): Dialect {
  const found = DIALECTS[name as Dialect['name']]
  if (!found) throw new Error(`unknown OPI dialect "${name}" (known: ${Object.keys(DIALECTS).join(', ')})`)
  return found
}

/** A dialect with some quirks switched, for a terminal that differs from its family's usual habits. */
export function withQuirks(base: Dialect, quirks: Partial<Omit<Dialect, 'name' | 'title'>>): Dialect {
  return { ...base, ...quirks, format: { ...base.format, ...quirks.format } }
}
