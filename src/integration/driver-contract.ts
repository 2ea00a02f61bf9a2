/**
 * The messages of the POS driver contract (`contracts/pos-driver.openapi.yaml`), as TypeScript types.
 * The OpenAPI document is the authority; `contract-schema.ts` validates real answers against it, and
 * `test/integration/driver-contract.test.ts` holds these types and the document to the same names.
 */

/** The version of the contract this code speaks; equal to the document's info.version. */
export const DRIVER_CONTRACT_VERSION = '0.1.0'
export const DRIVER_CONTRACT_NAME = 'ccv-pos-driver'

export type ContractPart = 'attended' | 'peripherals' | 'unattended'

export interface VersionInfo {
  contract: typeof DRIVER_CONTRACT_NAME
  version: string
  parts: ContractPart[]
  /** The product under test, named in the report. */
  pos: { name: string; version: string }
}

/** Two decimals on the way out ("10.00"); up to three on the way in, as a cashier might type it. */
export type DecimalMoney = string

export interface AmountMessage {
  amount: DecimalMoney
  currency: string
}

export interface CardPaymentRequestMessage extends AmountMessage {
  /** Pay this much of the open sale (split bill) rather than start a new sale of this total. */
  part?: boolean
}

export interface ReversalRequestMessage {
  stan?: string
}

export interface KeyPressedMessage {
  pressed: true
}

export interface RegisterStateMessage {
  paymentRunning: boolean
  runningOperation?: string
  saleOpen: boolean
  leftToPay?: DecimalMoney
  /** The currency of leftToPay. */
  currency?: string
}

export type OperationKind =
  | 'card-payment' | 'refund' | 'reversal' | 'abort' | 'period-closing' | 'reprint' | 'check-last-transaction' | 'restart' | 'selection'

export type OutcomeStatus =
  | 'approved' | 'declined' | 'aborted' | 'timed-out' | 'refused-by-terminal' | 'refused-by-register'
  | 'terminal-unreachable' | 'unknown' | 'not-paid' | 'blocked' | 'succeeded' | 'failed'

export interface OutcomeMessage {
  status: OutcomeStatus
  amount?: DecimalMoney
  currency?: string
  requestId?: string
  approvalCode?: string
  cardCircuit?: string
  maskedPan?: string
  stan?: string
  reason?: string
}

export interface OperationMessage {
  id: string
  kind: OperationKind
  state: 'running' | 'concluded'
  startedAtMs?: number
  outcome?: OutcomeMessage
  /** The POS itself failed to carry the operation out; not a payment result. */
  error?: string
}

export interface DisplayMessageMessage {
  atMs: number
  lines: string[]
  source: 'terminal' | 'register'
}

export interface DisplayHistoryMessage {
  messages: DisplayMessageMessage[]
}

export type PrinterName = 'receipt' | 'journal'

export interface PrintoutMessage {
  atMs: number
  printer: PrinterName
  lines: string[]
  requestId?: string
}

export interface PrintoutsMessage {
  printouts: PrintoutMessage[]
}

export type JournalResultMessage = 'started' | 'approved' | 'declined' | 'aborted' | 'timed-out' | 'refused' | 'unknown' | 'not-paid'

export interface JournalEntryMessage {
  requestId: string
  requestType: string
  amount?: DecimalMoney
  currency?: string
  result: JournalResultMessage
  startedAtMs: number
  finishedAtMs?: number
  shiftNumber?: number
  terminalId?: string
  stan?: string
  approvalCode?: string
  cardCircuit?: string
  maskedPan?: string
  reason?: string
  terminalRecord: string[]
}

export interface JournalMessage {
  entries: JournalEntryMessage[]
}

export type PrinterState = 'Available' | 'PaperLow' | 'PaperEmpty' | 'Unavailable'

export interface PrinterConditionMessage {
  state?: PrinterState
  jamOnNextTicket?: boolean
}

/** Draft: the unattended machine controller. */
export interface MachineSelectionMessage {
  device: number
  product?: string
}

export interface MachineStatusMessage {
  shown: string[]
  devices: { device: number; state: 'free' | 'reserved' | 'delivering' | 'out-of-service' }[]
}

export type ErrorCode = 'bad-request' | 'not-found' | 'busy' | 'not-implemented' | 'internal'

export interface ErrorMessage {
  error: { code: ErrorCode; message: string }
}

/** Every schema name in the document, so a typo in a validation is a compile error. */
export type ContractSchemaName =
  | 'Version' | 'Money' | 'TypedMoney' | 'Currency' | 'Amount' | 'CardPaymentRequest' | 'ReversalRequest' | 'KeyPressed'
  | 'RegisterState' | 'OperationKind' | 'Operation' | 'OutcomeStatus' | 'Outcome' | 'MaskedPan' | 'DisplayMessage'
  | 'DisplayHistory' | 'PrinterName' | 'Printout' | 'Printouts' | 'JournalResult' | 'JournalEntry' | 'Journal'
  | 'PrinterCondition' | 'MachineSelection' | 'MachineStatus' | 'Error'
