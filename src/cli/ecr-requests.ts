import { isoTimestamp } from '../clock/clock'
import type { CardServiceRequest, PosData, ServiceRequest } from '../opi/messages'
import { formatDecimal, parseDecimal, type Money } from '../opi/money'
import { UsageError } from './cli-args'

/** What the bench asks the terminal to do. */
export type EcrCommand =
  | { name: 'pay'; amount: Money }
  | { name: 'refund'; amount: Money }
  | { name: 'abort' }
  | { name: 'status' }
  | { name: 'reconcile'; close: boolean }
  | { name: 'repeat-last'; lost?: string }
  | { name: 'reprint' }
  | { name: 'login' }
  | { name: 'logoff' }

export const ECR_COMMANDS = ['pay', 'refund', 'abort', 'status', 'reconcile', 'repeat-last', 'reprint', 'login', 'logoff'] as const

/** Everything a request carries besides the command itself. */
export interface RequestContext {
  requestId: string
  workstationId: string
  /** Epoch milliseconds, for POSdata/POSTimeStamp. */
  atMs: number
  languageCode: string
  applicationSender: string
}

/** Largest amount the bench sends: far above any real payment, well below where cents lose precision. */
export const MAX_AMOUNT_MINOR = 99_999_999

/**
 * An amount as a cashier types it: plain decimal, at most two decimals, above zero. Checked before
 * anything is sent, so the terminal never sees "10,00", "1.000,00" or a negative payment.
 */
export function parseAmount(text: string | undefined, currency = 'EUR'): Money {
  if (text === undefined || text.trim() === '') throw new UsageError('an amount is needed, such as 10.00')
  if (!/^\d+(\.\d{1,2})?$/.test(text.trim())) throw new UsageError(`"${text}" is not a plain decimal amount above zero such as 12.34 (a point for decimals, at most two, no sign, no thousands separators)`)
  const amount = parseDecimal(text, currency)
  if (amount.minor === 0) throw new UsageError('the amount must be above zero')
  if (amount.minor > MAX_AMOUNT_MINOR) throw new UsageError(`the amount must be at most ${formatDecimal({ minor: MAX_AMOUNT_MINOR, currency })}`)
  return amount
}

/** Reads the command word and its arguments; options are read elsewhere. */
export function parseCommand(positionals: string[], close: boolean, lost?: string): EcrCommand {
  const [name, ...rest] = positionals
  if (!name) throw new UsageError(`say what to do: ${ECR_COMMANDS.join(', ')}`)
  const takes = (count: number) => {
    if (rest.length > count) throw new UsageError(`${name} takes ${count === 0 ? 'no arguments' : 'one amount'}; unexpected "${rest[count]}"`)
  }
  if (close && name !== 'reconcile') throw new UsageError('--close belongs to reconcile')
  if (lost !== undefined && name !== 'repeat-last') throw new UsageError('--lost belongs to repeat-last')
  if (lost !== undefined && !/^[\w.-]{1,32}$/.test(lost)) throw new UsageError('--lost must be the RequestID of the request whose answer was lost (1 to 32 letters, digits, dots, dashes or underscores)')
  switch (name) {
    case 'pay':
    case 'refund':
      takes(1)
      return { name, amount: parseAmount(rest[0]) }
    case 'repeat-last':
      takes(0)
      return lost === undefined ? { name } : { name, lost }
    case 'abort':
    case 'status':
    case 'reprint':
    case 'login':
    case 'logoff':
      takes(0)
      return { name }
    case 'reconcile':
      takes(0)
      return { name, close }
    default:
      throw new UsageError(`unknown command "${name}"; commands: ${ECR_COMMANDS.join(', ')}`)
  }
}

/** The OPI request for a command, as a CCV terminal expects it. */
export function buildRequest(command: EcrCommand, ctx: RequestContext): CardServiceRequest | ServiceRequest {
  const header = { requestId: ctx.requestId, workstationId: ctx.workstationId, applicationSender: ctx.applicationSender }
  const card = (requestType: CardServiceRequest['requestType'], totalAmount?: Money): CardServiceRequest =>
    ({ kind: 'CardServiceRequest', requestType, ...header, posData: posData(ctx), ...(totalAmount ? { totalAmount } : {}) })
  const service = (requestType: ServiceRequest['requestType']): ServiceRequest => ({ kind: 'ServiceRequest', requestType, ...header, posData: posData(ctx) })
  switch (command.name) {
    case 'pay': return card('CardPayment', command.amount)
    case 'refund': return card('PaymentRefund', command.amount)
    case 'abort': return card('AbortRequest')
    // CCV NL terminals take RepeatLastMessage and TicketReprint as card-service requests (protocol reference, 9.7).
    case 'repeat-last': return card('RepeatLastMessage')
    case 'reprint': return card('TicketReprint')
    case 'status': return service('GetStatus')
    // OPI-DE terminals want a Login per workstation before payments; it lasts until Logoff.
    case 'login': return service('Login')
    case 'logoff': return service('Logoff')
    case 'reconcile': return service(command.close ? 'ReconciliationWithClosure' : 'Reconciliation')
  }
}

/** The bench shows and prints everything the terminal sends, so every device is announced available. */
function posData(ctx: RequestContext): PosData {
  return {
    posTimeStamp: isoTimestamp(ctx.atMs), languageCode: ctx.languageCode,
    printerStatus: 'Available', journalPrinterStatus: 'Available', eJournalStatus: 'Available',
  }
}
