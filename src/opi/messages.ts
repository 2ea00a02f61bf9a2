/**
 * Typed OPI messages as CCV terminals speak them (see ../shared/reference/opi-protocol.md). Field names
 * follow the XML names in camel case; everything the wire may omit is optional.
 */
import type { Money } from './money'

export const OVERALL_RESULTS = [
  'Success', 'Failure', 'Aborted', 'TimedOut', 'PrintLastTicket', 'DeviceUnavailable', 'Busy', 'Loggedout',
  'PartialFailure', 'FormatError', 'ParsingError', 'ValidationError', 'MissingMandatoryData',
  'CommunicationError', 'UnknownCard',
] as const
export type OverallResult = (typeof OVERALL_RESULTS)[number]

export const CARD_SERVICE_REQUEST_TYPES = [
  'CardPayment', 'PaymentRefund', 'PaymentReversal', 'CardPreAuthorisation', 'CardFinancialAdvice',
  'AbortRequest', 'TicketReprint', 'RepeatLastMessage', 'CardValidation',
] as const
export type CardServiceRequestType = (typeof CARD_SERVICE_REQUEST_TYPES)[number]

export const SERVICE_REQUEST_TYPES = [
  'Login', 'Logoff', 'Reconciliation', 'ReconciliationWithClosure', 'GetCardCircuits', 'GetStatus', 'RepeatLastMessage',
] as const
export type ServiceRequestType = (typeof SERVICE_REQUEST_TYPES)[number]

export const DEVICE_REQUEST_TYPES = ['Output', 'Input', 'AbortInput', 'AbortOutput', 'Event'] as const
export type DeviceRequestType = (typeof DEVICE_REQUEST_TYPES)[number]

export const OUT_DEVICE_TARGETS = [
  'CashierDisplay', 'CustomerDisplay', 'Printer', 'PrinterReceipt', 'JournalPrinter', 'E-Journal', 'DeliveryBox',
] as const
export type OutDeviceTarget = (typeof OUT_DEVICE_TARGETS)[number]

export const IN_DEVICE_TARGETS = ['CashierKeyboard', 'CustomerKeyboard', 'CashierTerminal'] as const
export type InDeviceTarget = (typeof IN_DEVICE_TARGETS)[number]

export const DEVICE_STATES = ['Available', 'Unavailable', 'PaperLow', 'PaperEmpty', 'MemoryLow'] as const
export type DeviceState = (typeof DEVICE_STATES)[number]

/** Results a device reports for one Output or Input. */
export const DEVICE_RESULTS = [
  'Success', 'Failure', 'DeviceUnavailable', 'TimedOut', 'FormatError', 'ParsingError', 'ValidationError', 'MissingMandatoryData',
] as const
export type DeviceResult = (typeof DEVICE_RESULTS)[number]

/** Attributes every request and response root carries. */
export interface Header {
  requestId: string
  workstationId: string
  applicationSender?: string
  popId?: string
}

export interface PosData {
  posTimeStamp: string
  languageCode?: string
  shiftNumber?: number
  clerkId?: string
  printerStatus?: DeviceState
  journalPrinterStatus?: DeviceState
  eJournalStatus?: DeviceState
}

export interface OriginalTransaction {
  stan?: string
  approvalCode?: string
  receiptNumber?: string
  timeStamp?: string
}

export interface CardServiceRequest extends Header {
  kind: 'CardServiceRequest'
  requestType: CardServiceRequestType
  posData: PosData
  totalAmount?: Money
  originalTransaction?: OriginalTransaction
  cardCircuits?: string[]
}

export interface TerminalInfo {
  terminalId: string
  stan?: string
  terminalBatch?: string
}

export interface Authorisation {
  acquirerId?: string
  timeStamp?: string
  approvalCode?: string
  /** Always masked by the terminal; the report masks it again in case a terminal does not. */
  cardPan?: string
  cardCircuit?: string
  receiptNumber?: string
  actionCode?: string
  authorisationType?: string
}

export interface PrivateData {
  errorCode?: string
  errorText?: string
  /**
   * A stable stand-in for the card number, so an unattended machine can recognise the card that started
   * a session. CCV's field name for it is not public: PrivateData/CardToken is our assumption.
   */
  cardToken?: string
  /** The UID of a Mifare (non-payment) card the terminal read: PrivateData/MifareUID, our assumption (dialect `cardIdentification`). */
  mifareUid?: string
}

/** Names the message that a RepeatLastMessage answer repeats. */
export interface OriginalHeader {
  requestId: string
  requestType?: string
  workstationId?: string
}

export interface CardServiceResponse extends Header {
  kind: 'CardServiceResponse'
  requestType: CardServiceRequestType
  overallResult: OverallResult
  terminal?: TerminalInfo
  tender?: { totalAmount?: Money; authorisation?: Authorisation }
  privateData?: PrivateData
  originalHeader?: OriginalHeader
}

export interface ServiceRequest extends Header {
  kind: 'ServiceRequest'
  requestType: ServiceRequestType
  posData: PosData
}

export interface ReconciliationTotal {
  amount: Money
  cardCircuit?: string
  paymentType?: string
  numberPayments?: number
}

export interface ServiceResponse extends Header {
  kind: 'ServiceResponse'
  requestType: ServiceRequestType
  overallResult: OverallResult
  terminal?: TerminalInfo
  reconciliation?: { languageCode?: string; totals: ReconciliationTotal[] }
  cardCircuits?: { code: string; displayName?: string }[]
  originalHeader?: OriginalHeader
  /** A closing answer carries the moment of the closure here (reference section 10, closing response). */
  authorisation?: { timeStamp?: string }
  privateData?: PrivateData
}

export interface TextLine {
  text: string
  row?: number
  column?: number
}

export interface OutputRequest {
  target: OutDeviceTarget
  textLines: TextLine[]
}

export interface InputRequest {
  target: InDeviceTarget
  /** GetConfirmation, GetAnyKey, GetDecimals, GetMenu, GetAmount ... */
  command: string
  /**
   * IFSF attributes of <Command> for number and menu input (reference section 7.4, marked uncertain):
   * how many characters or digits the cashier may type, and how many of them are decimals.
   */
  minLength?: number
  maxLength?: number
  decimals?: number
  /** Seconds the device waits for the cashier before answering TimedOut. */
  timeoutSeconds?: number
}

/** Commands a terminal may put in an Input; GetMenu is answered with the chosen line's number. */
export const INPUT_COMMANDS = ['GetConfirmation', 'GetAnyKey', 'GetDecimals', 'GetMenu', 'GetAmount', 'GetChar'] as const
export type InputCommand = (typeof INPUT_COMMANDS)[number]

export interface DeviceRequest extends Header {
  kind: 'DeviceRequest'
  requestType: DeviceRequestType
  terminalId?: string
  sequenceId?: string
  outputs: OutputRequest[]
  input?: InputRequest
}

export interface OutputResult {
  target: OutDeviceTarget
  outResult: DeviceResult
}

export interface InputResult {
  target: InDeviceTarget
  inResult: DeviceResult
  value?: { boolean?: boolean; number?: string; text?: string }
}

export interface DeviceResponse extends Header {
  kind: 'DeviceResponse'
  requestType: DeviceRequestType
  overallResult: OverallResult
  outputs: OutputResult[]
  input?: InputResult
}

export type OpiRequest = CardServiceRequest | ServiceRequest | DeviceRequest
export type OpiResponse = CardServiceResponse | ServiceResponse | DeviceResponse
export type OpiMessage = OpiRequest | OpiResponse
export type OpiRoot = OpiMessage['kind']

export function isResponse(message: OpiMessage): message is OpiResponse {
  return message.kind.endsWith('Response')
}
