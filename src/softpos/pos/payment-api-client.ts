import type { TrafficMeter } from '../../link/traffic-meter'
import type { TerminalView, TransactionView } from '../api/ccv-backend'
import type { SoftposFailure } from '../failure-codes'

/** The Payment API said no: its HTTP status and the body's type and message. */
export class PaymentApiRefusal extends Error {
  constructor(readonly status: number, readonly type: string, message: string, readonly failure?: SoftposFailure) {
    super(message)
    this.name = 'PaymentApiRefusal'
  }
}

/** No answer from the Payment API at all: the outcome of what was asked is unknown. */
export class PaymentApiUnreachable extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PaymentApiUnreachable'
  }
}

export interface NewPayment {
  amount: string
  currency: string
  merchantOrderReference: string
  terminalId: string
  language: string
  webhookUrl?: string
}

/**
 * The POS app's client for CCV's Payment API: Basic authentication with the API key and an empty
 * password, JSON both ways. Each call is counted on the meter while it is on its way.
 */
export class PaymentApiClient {
  private readonly authorization: string

  constructor(private readonly baseUrl: string, apiKey: string, private readonly meter?: TrafficMeter) {
    this.authorization = `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`
  }

  terminal(terminalId: string): Promise<TerminalView> {
    return this.call('GET', `/api/v1/softpos/terminal/${encodeURIComponent(terminalId)}`)
  }

  install(terminalId: string): Promise<TerminalView> {
    return this.call('POST', `/api/v1/softpos/terminal/${encodeURIComponent(terminalId)}/install`)
  }

  installCompleted(terminalId: string): Promise<TerminalView> {
    return this.call('POST', `/api/v1/softpos/terminal/${encodeURIComponent(terminalId)}/install-completed`)
  }

  uninstall(terminalId: string): Promise<TerminalView> {
    return this.call('POST', `/api/v1/softpos/terminal/${encodeURIComponent(terminalId)}/uninstall`)
  }

  createPayment(payment: NewPayment): Promise<TransactionView> {
    const { terminalId, webhookUrl, ...rest } = payment
    return this.call('POST', '/api/v1/payment', { ...rest, method: 'softpos', details: { terminalId }, ...(webhookUrl ? { webhookUrl } : {}) })
  }

  transaction(reference: string): Promise<TransactionView> {
    return this.call('GET', `/api/v1/transaction?reference=${encodeURIComponent(reference)}`)
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const done = this.meter?.begin()
    try {
      let response: Response
      try {
        response = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: { authorization: this.authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      } catch (error) {
        throw new PaymentApiUnreachable(`the Payment API at ${this.baseUrl} did not answer ${method} ${path}: ${(error as Error).message}`)
      }
      const text = await response.text()
      let json: unknown
      try {
        json = text ? JSON.parse(text) : {}
      } catch {
        throw new PaymentApiRefusal(response.status, 'UNREADABLE', `the Payment API answered ${method} ${path} with something that is not JSON`)
      }
      if (!response.ok) {
        const refusal = json as { type?: string; message?: string; failure?: SoftposFailure }
        throw new PaymentApiRefusal(response.status, refusal.type ?? 'UNKNOWN', refusal.message ?? `HTTP ${response.status}`, refusal.failure)
      }
      return json as T
    } finally {
      done?.()
    }
  }
}
