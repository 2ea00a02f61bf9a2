import { TimeoutError, isoTimestamp } from '../../clock/clock'
import type { CardServiceRequest, CardServiceResponse, DeviceState, OverallResult } from '../../opi/messages'
import { describeMoney } from '../../opi/money'
import { describeActionCode } from '../../opi/action-codes'
import { HostUnreachable, type HostDecision } from '../acquiring-host'
import { maskPan } from '../cards'
import { EcrDeviceUnavailable } from '../ecr-device-link'
import { receiptLines } from '../receipts'
import { CardholderStopped, type PresentedCard } from '../terminal-face'
import { answer, type TerminalContext } from './terminal-context'



const available = (state: DeviceState | undefined) => state === undefined || state === 'Available' || state === 'PaperLow'

/**
 * One card payment from the terminal's side: prompt, read the card, verify the PIN, ask the host,
 * print, answer. Every prompt goes to the cashier as a DeviceRequest and waits for its answer.
 */
export async function runCardPayment(ctx: TerminalContext, request: CardServiceRequest): Promise<CardServiceResponse> {
  const amount = request.totalAmount!
  const amountText = describeMoney(amount)
  const cashier = (...lines: string[]) => ctx.devices.output({ target: 'CashierDisplay', textLines: lines.map((text, row) => ({ text, row })) })
  const respond = (overallResult: OverallResult, extra: Partial<CardServiceResponse> = {}) => answer(ctx, request, overallResult, extra)

  try {
    ctx.enter('waiting for card')
    await cashier('Present card', amountText)
    ctx.face.show('present card', ['Present card', amountText])
    const presented = await ctx.face.waitForCard(ctx.settings.cardTimeoutMs)

    if (needsPin(ctx, presented, amount.minor)) {
      ctx.enter('waiting for PIN')
      await cashier('Cardholder enters PIN')
      const verified = await verifyPin(ctx, presented)
      if (!verified) return await decline(ctx, request, presented, '75', respond)
    }

    ctx.enter('authorising')
    await cashier('Processing', 'please wait')
    ctx.face.show('wait', ['Please wait'])
    const stan = ctx.nextStan()
    let decision: HostDecision
    try {
      decision = await ctx.host.authorise(stan, amount, presented.card, presented.entry)
    } catch (error) {
      if (!(error instanceof HostUnreachable)) throw error
      await cashier('Host not reachable', 'Payment not completed')
      ctx.face.show('declined', ['Not completed'])
      return respond('TimedOut', { terminal: { terminalId: ctx.settings.terminalId, stan }, privateData: { errorText: 'host not reachable' } })
    }

    ctx.enter('printing')
    await printReceipts(ctx, request, presented, stan, decision)
    const auth = {
      acquirerId: '0027', timeStamp: isoTimestamp(ctx.clock.now()), approvalCode: decision.approvalCode,
      cardPan: maskPan(presented.card.pan), cardCircuit: presented.card.circuit, receiptNumber: String(Number(stan)),
      actionCode: decision.actionCode, authorisationType: 'Online',
    }
    if (decision.approved) {
      await cashier('Approved', amountText)
      ctx.face.show('approved', ['Approved'])
    } else {
      await cashier('Declined', describeActionCode(decision.actionCode))
      ctx.face.show('declined', ['Declined'])
    }
    if (presented.entry === 'chip') ctx.face.show('remove card', ['Remove card'])
    return respond(decision.approved ? 'Success' : 'Failure', {
      terminal: { terminalId: ctx.settings.terminalId, stan },
      tender: { totalAmount: amount, authorisation: auth },
    })
  } catch (error) {
    if (error instanceof CardholderStopped) {
      ctx.face.show('cancelled', ['Cancelled'])
      await cashier('Cancelled by cardholder').catch(() => undefined)
      return respond('Aborted')
    }
    if (error instanceof TimeoutError) {
      ctx.face.show('cancelled', ['Time-out'])
      await cashier('Time-out', error.message).catch(() => undefined)
      return respond('TimedOut')
    }
    if (error instanceof EcrDeviceUnavailable) {
      return respond('Failure', { privateData: { errorText: error.message } })
    }
    throw error
  }
}

export function needsPin(ctx: TerminalContext, presented: PresentedCard, amountMinor: number): boolean {
  if (presented.entry === 'chip') return true
  if (presented.entry === 'contactless') return amountMinor > ctx.settings.contactlessCvmLimit.minor
  return false
}

/** Wrong PINs stay inside the terminal: only prompts reach the register. */
export async function verifyPin(ctx: TerminalContext, presented: PresentedCard): Promise<boolean> {
  for (let attempt = 1; attempt <= ctx.settings.pinTries; attempt++) {
    ctx.face.show('enter PIN', attempt === 1 ? ['Enter PIN'] : ['Wrong PIN', 'Enter PIN again'])
    const pin = await ctx.face.waitForPin(ctx.settings.pinTimeoutMs)
    if (pin === presented.card.pin) return true
  }
  return false
}

async function decline(
  ctx: TerminalContext, request: CardServiceRequest, presented: PresentedCard, actionCode: string,
  respond: (r: OverallResult, extra?: Partial<CardServiceResponse>) => CardServiceResponse,
): Promise<CardServiceResponse> {
  await ctx.devices.output({ target: 'CashierDisplay', textLines: [{ text: 'Declined', row: 0 }, { text: describeActionCode(actionCode), row: 1 }] })
  ctx.face.show('declined', ['Declined'])
  return respond('Failure', { tender: { totalAmount: request.totalAmount, authorisation: { cardPan: maskPan(presented.card.pan), cardCircuit: presented.card.circuit, actionCode } } })
}

/** Receipts go only to the devices the register declared usable in this request. */
async function printReceipts(ctx: TerminalContext, request: CardServiceRequest, presented: PresentedCard, stan: string, decision: HostDecision): Promise<void> {
  const facts = {
    terminalId: ctx.settings.terminalId, merchant: ctx.settings.merchant, atMs: ctx.clock.now(), card: presented.card,
    entry: presented.entry, amount: request.totalAmount!, stan, approved: decision.approved, actionCode: decision.actionCode,
    approvalCode: decision.approvalCode, testHost: ctx.settings.testHost,
  }
  const lines = (copy: 'CUSTOMER COPY' | 'MERCHANT COPY') => receiptLines({ ...facts, copy }).map((text) => ({ text }))
  const pos = request.posData
  if (available(pos.printerStatus)) await ctx.devices.output({ target: 'Printer', textLines: lines('CUSTOMER COPY') })
  if (available(pos.journalPrinterStatus)) await ctx.devices.output({ target: 'JournalPrinter', textLines: lines('MERCHANT COPY') })
  if (available(pos.eJournalStatus)) await ctx.devices.output({ target: 'E-Journal', textLines: lines('MERCHANT COPY') })
}
