import type { Clock } from '../../clock/clock'
import type {
  CardServiceRequest, CardServiceRequestType, CardServiceResponse, OverallResult, ServiceRequest, ServiceRequestType, ServiceResponse,
} from '../../opi/messages'
import type { AcquiringHost } from '../acquiring-host'
import type { EcrDeviceLink } from '../ecr-device-link'
import type { TerminalFace } from '../terminal-face'
import type { TerminalMemory } from '../terminal-memory'
import type { TerminalSettings } from '../terminal-settings'
import type { WorkstationSessions } from './login'
import type { SettlementPeriod } from './reconciliation'

/** Where the terminal is in a payment; `printing` is past the point where an abort can still work. */
export type PaymentState = 'waiting for card removal' | 'waiting for card' | 'waiting for PIN' | 'authorising' | 'printing'

/** What a request handler may use of the terminal it runs in. */
export interface TerminalContext {
  settings: TerminalSettings
  clock: Clock
  face: TerminalFace
  host: AcquiringHost
  /** Channel 1 back to the register, opened for this request. */
  devices: EcrDeviceLink
  nextStan(): string
  enter(state: PaymentState): void
  /** Throws if the register's abort was accepted; handlers call it before each wait. */
  checkAborted?(): void
  /** Last answer and last ticket, for RepeatLastMessage, TicketReprint and PrintLastTicket. */
  memory?: TerminalMemory
}

/** Handles one CardServiceRequest type from start to final response. */
export type CardServiceHandler = (ctx: TerminalContext, request: CardServiceRequest) => Promise<CardServiceResponse>

export type CardServiceHandlers = Partial<Record<CardServiceRequestType, CardServiceHandler>>

/** What a ServiceRequest handler may use: the terminal without a running payment's device link. */
export type ServiceContext = Omit<TerminalContext, 'devices' | 'enter' | 'checkAborted'> & {
  /** Channel 1 back to the register, for requests that print (reconciliation reports). */
  devices(): EcrDeviceLink
  /** Whether a card-service request is running right now. */
  busy: boolean
  /** Workstations logged in (Login/Logoff). */
  sessions: WorkstationSessions
  /** Totals since the last closure (Reconciliation, ReconciliationWithClosure). */
  period: SettlementPeriod
}

export type ServiceHandler = (ctx: ServiceContext, request: ServiceRequest) => Promise<ServiceResponse>

export type ServiceHandlers = Partial<Record<ServiceRequestType, ServiceHandler>>

export function serviceAnswer(ctx: Pick<TerminalContext, 'settings'>, request: ServiceRequest, overallResult: OverallResult, extra: Partial<ServiceResponse> = {}): ServiceResponse {
  return {
    kind: 'ServiceResponse', requestType: request.requestType, requestId: request.requestId,
    workstationId: request.workstationId, popId: request.popId, overallResult,
    terminal: { terminalId: ctx.settings.terminalId }, ...extra,
  }
}

/** The skeleton of every answer: echoes the request's header, as OPI requires. */
export function answer(ctx: Pick<TerminalContext, 'settings'>, request: CardServiceRequest, overallResult: OverallResult, extra: Partial<CardServiceResponse> = {}): CardServiceResponse {
  return {
    kind: 'CardServiceResponse', requestType: request.requestType, requestId: request.requestId,
    workstationId: request.workstationId, popId: request.popId, overallResult,
    terminal: { terminalId: ctx.settings.terminalId }, ...extra,
  }
}
