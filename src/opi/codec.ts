/**
 * Typed OPI messages <-> bytes of XML. Parsing is namespace-agnostic and lenient about anything it does
 * not know; what it needs and cannot find becomes an OpiDecodeError naming the OverallResult to answer.
 */
import {
  CARD_SERVICE_REQUEST_TYPES, DEVICE_REQUEST_TYPES, DEVICE_RESULTS, DEVICE_STATES, IN_DEVICE_TARGETS, OUT_DEVICE_TARGETS,
  OVERALL_RESULTS, SERVICE_REQUEST_TYPES,
  type Authorisation, type CardServiceRequest, type CardServiceResponse, type DeviceRequest, type DeviceResponse,
  type DeviceState, type Header, type InputRequest, type OpiMessage, type OpiRoot, type OriginalHeader, type OverallResult, type PosData,
  type ServiceRequest, type ServiceResponse, type TerminalInfo,
} from './messages'
import { formatDecimal, parseDecimal, type Money } from './money'
import { buildXml, parseXml, XmlSyntaxError, type XmlElement, type XmlEncoding } from './xml-document'

export const NRF_NAMESPACE = 'http://www.nrf-arts.org/IXRetail/namespace'

/** How messages are written; reading accepts every variant. */
export interface WireFormat {
  encoding: XmlEncoding
  /** Some terminals omit the default namespace; a faithful peer can mimic them. */
  namespace: boolean
}

export const DEFAULT_WIRE_FORMAT: WireFormat = { encoding: 'UTF-8', namespace: true }

export type DecodeFailure = 'ParsingError' | 'FormatError' | 'MissingMandatoryData' | 'ValidationError'

/** The message could not be understood; `partial` holds what could be read, so an answer can echo it. */
export class OpiDecodeError extends Error {
  constructor(
    readonly result: DecodeFailure,
    message: string,
    readonly partial: { root?: string; requestType?: string; requestId?: string; workstationId?: string } = {},
  ) {
    super(message)
    this.name = 'OpiDecodeError'
  }
}

export interface Encoded {
  bytes: Uint8Array
  /** The XML as sent, for the report. */
  text: string
}

export interface Decoded<M extends OpiMessage = OpiMessage> {
  message: M
  text: string
}

// ---------------------------------------------------------------- reading

const attr = (el: XmlElement | undefined, name: string): string | undefined => {
  const v = el?.[`@${name}`]
  return typeof v === 'string' ? v : undefined
}
const children = (el: XmlElement | undefined, name: string): XmlElement[] => {
  const v = el?.[name]
  if (v === undefined || typeof v === 'string') return []
  return Array.isArray(v) ? v : [v]
}
const child = (el: XmlElement | undefined, name: string): XmlElement | undefined => children(el, name)[0]
const text = (el: XmlElement | undefined): string | undefined => {
  const v = el?.['#text']
  return typeof v === 'string' ? v : undefined
}
const childText = (el: XmlElement | undefined, name: string): string | undefined => text(child(el, name))

class Reader {
  constructor(readonly root: OpiRoot, readonly el: XmlElement) {}

  partial(): OpiDecodeError['partial'] {
    return { root: this.root, requestType: attr(this.el, 'RequestType'), requestId: attr(this.el, 'RequestID'), workstationId: attr(this.el, 'WorkstationID') }
  }

  fail(result: DecodeFailure, message: string): never {
    throw new OpiDecodeError(result, `${this.root}: ${message}`, this.partial())
  }

  required(el: XmlElement | undefined, name: string, where: string = this.root): string {
    const v = attr(el, name)
    if (v === undefined || v === '') this.fail('MissingMandatoryData', `${where} has no ${name}`)
    return v
  }

  oneOf<T extends string>(value: string, allowed: readonly T[], what: string, failure: DecodeFailure = 'FormatError'): T {
    if (!(allowed as readonly string[]).includes(value)) this.fail(failure, `unknown ${what} "${value}"`)
    return value as T
  }

  header(): Header {
    return {
      requestId: this.required(this.el, 'RequestID'),
      workstationId: this.required(this.el, 'WorkstationID'),
      applicationSender: attr(this.el, 'ApplicationSender'),
      popId: attr(this.el, 'POPID'),
    }
  }

  overallResult(): OverallResult {
    return this.oneOf(this.required(this.el, 'OverallResult'), OVERALL_RESULTS, 'OverallResult')
  }

  amount(el: XmlElement | undefined, where: string): Money | undefined {
    const value = text(el)
    if (el === undefined || value === undefined) return undefined
    try {
      return parseDecimal(value, attr(el, 'Currency') ?? 'EUR')
    } catch (e) {
      return this.fail('ValidationError', `${where}: ${(e as Error).message}`)
    }
  }

  /** Counts and positions: a non-number here is a broken message, never a silent NaN. */
  integer(value: string | undefined, what: string): number | undefined {
    if (value === undefined) return undefined
    if (!/^-?\d{1,15}$/.test(value.trim())) this.fail('ValidationError', `${what} "${value}" is not a whole number`)
    return Number(value)
  }

  deviceState(value: string | undefined, what: string): DeviceState | undefined {
    return value === undefined ? undefined : this.oneOf(value, DEVICE_STATES, what, 'ValidationError')
  }

  posData(): PosData {
    const pos = child(this.el, 'POSdata')
    if (!pos) this.fail('MissingMandatoryData', 'no POSdata')
    const timeStamp = childText(pos, 'POSTimeStamp')
    if (!timeStamp) this.fail('MissingMandatoryData', 'POSdata has no POSTimeStamp')
    // ShiftNumber is an element in most clients, an attribute in one CCV vending client: accept both.
    const shift = childText(pos, 'ShiftNumber') ?? attr(pos, 'ShiftNumber')
    return {
      posTimeStamp: timeStamp,
      languageCode: attr(pos, 'LanguageCode'),
      shiftNumber: this.integer(shift, 'ShiftNumber'),
      clerkId: childText(pos, 'ClerkID'),
      printerStatus: this.deviceState(childText(pos, 'PrinterStatus'), 'PrinterStatus'),
      journalPrinterStatus: this.deviceState(childText(pos, 'JournalPrinterStatus'), 'JournalPrinterStatus'),
      eJournalStatus: this.deviceState(childText(pos, 'E-JournalStatus'), 'E-JournalStatus'),
    }
  }

  terminal(): TerminalInfo | undefined {
    const t = child(this.el, 'Terminal')
    return t && { terminalId: attr(t, 'TerminalID') ?? '', stan: attr(t, 'STAN'), terminalBatch: attr(t, 'TerminalBatch') }
  }

  originalHeader(): OriginalHeader | undefined {
    const h = child(this.el, 'OriginalHeader')
    return h && { requestId: attr(h, 'RequestID') ?? '', requestType: attr(h, 'RequestType'), workstationId: attr(h, 'WorkstationID') }
  }
}

const AMOUNT_REQUIRED = new Set(['CardPayment', 'PaymentRefund', 'CardPreAuthorisation', 'CardFinancialAdvice'])

function readCardServiceRequest(r: Reader): CardServiceRequest {
  const requestType = r.oneOf(r.required(r.el, 'RequestType'), CARD_SERVICE_REQUEST_TYPES, 'RequestType')
  const totalAmount = r.amount(child(r.el, 'TotalAmount'), 'TotalAmount')
  if (!totalAmount && AMOUNT_REQUIRED.has(requestType)) r.fail('MissingMandatoryData', `${requestType} has no TotalAmount`)
  const original = child(r.el, 'OriginalTransaction')
  const circuits = child(r.el, 'CardCircuitCollection')
  return {
    kind: 'CardServiceRequest', requestType, ...r.header(), posData: r.posData(), totalAmount,
    originalTransaction: original && {
      stan: attr(original, 'STAN'), approvalCode: attr(original, 'ApprovalCode'),
      receiptNumber: attr(original, 'ReceiptNumber'), timeStamp: attr(original, 'TimeStamp'),
    },
    cardCircuits: circuits && children(circuits, 'CardCircuit').map((c) => text(c) ?? ''),
  }
}

function readAuthorisation(el: XmlElement | undefined): Authorisation | undefined {
  return el && {
    acquirerId: attr(el, 'AcquirerID'), timeStamp: attr(el, 'TimeStamp'), approvalCode: attr(el, 'ApprovalCode'),
    cardPan: attr(el, 'CardPAN'), cardCircuit: attr(el, 'CardCircuit'), receiptNumber: attr(el, 'ReceiptNumber'),
    actionCode: attr(el, 'ActionCode'), authorisationType: attr(el, 'AuthorisationType'),
  }
}

function readCardServiceResponse(r: Reader): CardServiceResponse {
  const requestType = r.oneOf(r.required(r.el, 'RequestType'), CARD_SERVICE_REQUEST_TYPES, 'RequestType')
  const tender = child(r.el, 'Tender')
  const privateData = child(r.el, 'PrivateData')
  return {
    kind: 'CardServiceResponse', requestType, ...r.header(), overallResult: r.overallResult(), terminal: r.terminal(),
    tender: tender && {
      totalAmount: r.amount(child(tender, 'TotalAmount'), 'Tender/TotalAmount'),
      authorisation: readAuthorisation(child(tender, 'Authorisation')),
    },
    privateData: privateData && { errorCode: childText(privateData, 'ErrorCode'), errorText: childText(privateData, 'ErrorText'), cardToken: childText(privateData, 'CardToken'), mifareUid: childText(privateData, 'MifareUID') },
    originalHeader: r.originalHeader(),
  }
}

function readServiceRequest(r: Reader): ServiceRequest {
  const requestType = r.oneOf(r.required(r.el, 'RequestType'), SERVICE_REQUEST_TYPES, 'RequestType')
  return { kind: 'ServiceRequest', requestType, ...r.header(), posData: r.posData() }
}

function readServiceResponse(r: Reader): ServiceResponse {
  const requestType = r.oneOf(r.required(r.el, 'RequestType'), SERVICE_REQUEST_TYPES, 'RequestType')
  const reconciliation = child(r.el, 'Reconciliation')
  const circuits = child(r.el, 'CardCircuitCollection') ?? r.el
  const circuitList = children(circuits, 'CardCircuit')
  const authorisation = child(r.el, 'Authorisation')
  const privateData = child(r.el, 'PrivateData')
  return {
    kind: 'ServiceResponse', requestType, ...r.header(), overallResult: r.overallResult(), terminal: r.terminal(),
    reconciliation: reconciliation && {
      languageCode: attr(reconciliation, 'LanguageCode'),
      totals: children(reconciliation, 'TotalAmount').map((t) => ({
        amount: r.amount(t, 'Reconciliation/TotalAmount') ?? { minor: 0, currency: 'EUR' },
        cardCircuit: attr(t, 'CardCircuit'), paymentType: attr(t, 'PaymentType'),
        numberPayments: r.integer(attr(t, 'NumberPayments'), 'NumberPayments'),
      })),
    },
    cardCircuits: circuitList.length ? circuitList.map((c) => ({ code: text(c) ?? '', displayName: attr(c, 'DisplayName') })) : undefined,
    originalHeader: r.originalHeader(),
    authorisation: authorisation && { timeStamp: attr(authorisation, 'TimeStamp') },
    privateData: privateData && { errorCode: childText(privateData, 'ErrorCode'), errorText: childText(privateData, 'ErrorText'), cardToken: childText(privateData, 'CardToken'), mifareUid: childText(privateData, 'MifareUID') },
  }
}

function readDeviceRequest(r: Reader): DeviceRequest {
  const requestType = r.oneOf(r.required(r.el, 'RequestType'), DEVICE_REQUEST_TYPES, 'RequestType')
  const input = child(r.el, 'Input')
  return {
    kind: 'DeviceRequest', requestType, ...r.header(),
    terminalId: attr(r.el, 'TerminalID'), sequenceId: attr(r.el, 'SequenceID'),
    outputs: children(r.el, 'Output').map((o) => ({
      target: r.oneOf(r.required(o, 'OutDeviceTarget', 'Output'), OUT_DEVICE_TARGETS, 'OutDeviceTarget'),
      textLines: children(o, 'TextLine').map((line) => ({
        text: text(line) ?? '',
        row: r.integer(attr(line, 'Row'), 'TextLine Row'),
        column: r.integer(attr(line, 'Column'), 'TextLine Column'),
      })),
    })),
    input: input && readInputRequest(r, input),
  }
}

function readInputRequest(r: Reader, input: XmlElement): InputRequest {
  const command = child(input, 'Command')
  const optional = (name: string) => r.integer(attr(command, name), `Command ${name}`)
  return {
    target: r.oneOf(r.required(input, 'InDeviceTarget', 'Input'), IN_DEVICE_TARGETS, 'InDeviceTarget'),
    command: text(command) ?? '',
    minLength: optional('MinLength'), maxLength: optional('MaxLength'), decimals: optional('Decimals'), timeoutSeconds: optional('TimeOut'),
  }
}

function readDeviceResponse(r: Reader): DeviceResponse {
  const requestType = r.oneOf(r.required(r.el, 'RequestType'), DEVICE_REQUEST_TYPES, 'RequestType')
  const input = child(r.el, 'Input')
  const value = child(input, 'InputValue')
  return {
    kind: 'DeviceResponse', requestType, ...r.header(), overallResult: r.overallResult(),
    outputs: children(r.el, 'Output').map((o) => ({
      target: r.oneOf(r.required(o, 'OutDeviceTarget', 'Output'), OUT_DEVICE_TARGETS, 'OutDeviceTarget'),
      outResult: r.oneOf(attr(o, 'OutResult') ?? 'Success', DEVICE_RESULTS, 'OutResult'),
    })),
    input: input && {
      target: r.oneOf(r.required(input, 'InDeviceTarget', 'Input'), IN_DEVICE_TARGETS, 'InDeviceTarget'),
      inResult: r.oneOf(attr(input, 'InResult') ?? 'Success', DEVICE_RESULTS, 'InResult'),
      value: value && {
        boolean: childText(value, 'InBoolean') === undefined ? undefined : childText(value, 'InBoolean') === 'true',
        number: childText(value, 'InNumber'),
        text: childText(value, 'InString'),
      },
    },
  }
}

const READERS: Record<OpiRoot, (r: Reader) => OpiMessage> = {
  CardServiceRequest: readCardServiceRequest,
  CardServiceResponse: readCardServiceResponse,
  ServiceRequest: readServiceRequest,
  ServiceResponse: readServiceResponse,
  DeviceRequest: readDeviceRequest,
  DeviceResponse: readDeviceResponse,
}

export function decodeMessage(bytes: Uint8Array): Decoded {
  let doc
  try {
    doc = parseXml(bytes)
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new OpiDecodeError('ParsingError', e.message)
    throw e
  }
  // hasOwn, not a lookup: a root named "constructor" or "toString" must not find Object's methods.
  const read = Object.hasOwn(READERS, doc.root) ? READERS[doc.root as OpiRoot] : undefined
  if (!read) throw new OpiDecodeError('FormatError', `unknown message <${doc.root}>`, { root: doc.root })
  return { message: read(new Reader(doc.root as OpiRoot, doc.element)), text: doc.text }
}

// ---------------------------------------------------------------- writing

type Attrs = Record<string, string | number | undefined>

/** Drops undefined attributes and prefixes names, so message objects map one to one. */
function el(attributes: Attrs, content: XmlElement = {}): XmlElement {
  const out: XmlElement = {}
  for (const [k, v] of Object.entries(attributes)) if (v !== undefined) out[`@${k}`] = String(v)
  for (const [k, v] of Object.entries(content)) if (v !== undefined) out[k] = v
  return out
}
const textEl = (value: string, attributes: Attrs = {}): XmlElement => el(attributes, { '#text': value })
const optionalText = (value: string | number | undefined): XmlElement | undefined => (value === undefined ? undefined : textEl(String(value)))
const amountEl = (amount: Money | undefined, extra: Attrs = {}): XmlElement | undefined =>
  amount && textEl(formatDecimal(amount), { Currency: amount.currency, ...extra })

function headerAttrs(m: OpiMessage): Attrs {
  return { RequestType: m.requestType, RequestID: m.requestId, WorkstationID: m.workstationId, ApplicationSender: m.applicationSender, POPID: m.popId }
}

function posDataEl(p: PosData): XmlElement {
  return el({ LanguageCode: p.languageCode }, {
    POSTimeStamp: textEl(p.posTimeStamp),
    ShiftNumber: optionalText(p.shiftNumber),
    ClerkID: optionalText(p.clerkId),
    PrinterStatus: optionalText(p.printerStatus),
    JournalPrinterStatus: optionalText(p.journalPrinterStatus),
    'E-JournalStatus': optionalText(p.eJournalStatus),
  })
}

const terminalEl = (t: TerminalInfo | undefined) => t && el({ TerminalID: t.terminalId, STAN: t.stan, TerminalBatch: t.terminalBatch })
const originalHeaderEl = (h: OriginalHeader | undefined) =>
  h && el({ RequestID: h.requestId, RequestType: h.requestType, WorkstationID: h.workstationId })

function body(m: OpiMessage): XmlElement {
  switch (m.kind) {
    case 'CardServiceRequest':
      return el(headerAttrs(m), {
        POSdata: posDataEl(m.posData),
        TotalAmount: amountEl(m.totalAmount),
        OriginalTransaction: m.originalTransaction && el({
          STAN: m.originalTransaction.stan, ApprovalCode: m.originalTransaction.approvalCode,
          ReceiptNumber: m.originalTransaction.receiptNumber, TimeStamp: m.originalTransaction.timeStamp,
        }),
        CardCircuitCollection: m.cardCircuits && el({}, { CardCircuit: m.cardCircuits.map((c) => textEl(c)) }),
      })
    case 'CardServiceResponse': {
      const a = m.tender?.authorisation
      return el({ ...headerAttrs(m), OverallResult: m.overallResult }, {
        OriginalHeader: originalHeaderEl(m.originalHeader),
        Terminal: terminalEl(m.terminal),
        Tender: m.tender && el({}, {
          TotalAmount: amountEl(m.tender.totalAmount),
          Authorisation: a && el({
            AcquirerID: a.acquirerId, TimeStamp: a.timeStamp, ApprovalCode: a.approvalCode, CardPAN: a.cardPan,
            CardCircuit: a.cardCircuit, ReceiptNumber: a.receiptNumber, ActionCode: a.actionCode, AuthorisationType: a.authorisationType,
          }),
        }),
        PrivateData: m.privateData && el({}, { ErrorCode: optionalText(m.privateData.errorCode), ErrorText: optionalText(m.privateData.errorText), CardToken: optionalText(m.privateData.cardToken), MifareUID: optionalText(m.privateData.mifareUid) }),
      })
    }
    case 'ServiceRequest':
      return el(headerAttrs(m), { POSdata: posDataEl(m.posData) })
    case 'ServiceResponse':
      return el({ ...headerAttrs(m), OverallResult: m.overallResult }, {
        OriginalHeader: originalHeaderEl(m.originalHeader),
        Terminal: terminalEl(m.terminal),
        Reconciliation: m.reconciliation && el({ LanguageCode: m.reconciliation.languageCode }, {
          TotalAmount: m.reconciliation.totals.map((t) => amountEl(t.amount, {
            CardCircuit: t.cardCircuit, PaymentType: t.paymentType, NumberPayments: t.numberPayments,
          })!),
        }),
        CardCircuitCollection: m.cardCircuits && el({}, { CardCircuit: m.cardCircuits.map((c) => textEl(c.code, { DisplayName: c.displayName })) }),
        Authorisation: m.authorisation && el({ TimeStamp: m.authorisation.timeStamp }),
        PrivateData: m.privateData && el({}, { ErrorCode: optionalText(m.privateData.errorCode), ErrorText: optionalText(m.privateData.errorText), CardToken: optionalText(m.privateData.cardToken), MifareUID: optionalText(m.privateData.mifareUid) }),
      })
    case 'DeviceRequest':
      return el({ ...headerAttrs(m), TerminalID: m.terminalId, SequenceID: m.sequenceId }, {
        Output: m.outputs.map((o) => el({ OutDeviceTarget: o.target }, {
          TextLine: o.textLines.map((line) => textEl(line.text, { Row: line.row, Column: line.column })),
        })),
        Input: m.input && el({ InDeviceTarget: m.input.target }, {
          Command: textEl(m.input.command, {
            MinLength: m.input.minLength, MaxLength: m.input.maxLength, Decimals: m.input.decimals, TimeOut: m.input.timeoutSeconds,
          }),
        }),
      })
    case 'DeviceResponse': {
      const v = m.input?.value
      return el({ ...headerAttrs(m), OverallResult: m.overallResult }, {
        Output: m.outputs.map((o) => el({ OutDeviceTarget: o.target, OutResult: o.outResult })),
        Input: m.input && el({ InDeviceTarget: m.input.target, InResult: m.input.inResult }, {
          InputValue: v && el({}, {
            InBoolean: v.boolean === undefined ? undefined : textEl(String(v.boolean)),
            InNumber: optionalText(v.number),
            InString: optionalText(v.text),
          }),
        }),
      })
    }
  }
}

export function encodeMessage(message: OpiMessage, format: WireFormat = DEFAULT_WIRE_FORMAT): Encoded {
  const root = body(message)
  const withNamespace = format.namespace ? el({ xmlns: NRF_NAMESPACE }, root) : root
  return buildXml(message.kind, withNamespace, format.encoding)
}
