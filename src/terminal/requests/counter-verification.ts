import type { CardServiceResponse, TextLine } from '../../opi/messages'
import type { ExtraVerification } from '../acquiring-host'
import { EcrDeviceUnavailable } from '../ecr-device-link'
import type { TerminalContext } from './terminal-context'

const SIGNATURE_LINES: TextLine[] = [{ text: '' }, { text: 'Cardholder signature:' }, { text: '' }, { text: '______________________________' }]

/**
 * Checks the host asked for that only the cashier can make: the signature on the merchant copy
 * (printed first, so the customer can sign it) and the cardholder's identity. Each is a yes/no
 * question to the cashier; the answer decides whether the authorised payment stands.
 */
export async function cashierVerifies(ctx: TerminalContext, asked: ExtraVerification, merchantCopy: TextLine[]): Promise<{ confirmed: boolean; refused?: 'signature' | 'identification' }> {
  if (asked !== 'identification') {
    await ctx.devices.output({ target: 'Printer', textLines: [...merchantCopy, ...SIGNATURE_LINES] })
    if (!(await confirm(ctx, ['Check signature', 'Does the signature match the card?']))) return { confirmed: false, refused: 'signature' }
  }
  if (asked !== 'signature') {
    if (!(await confirm(ctx, ['Check identification', 'Has the cardholder shown valid ID?']))) return { confirmed: false, refused: 'identification' }
  }
  return { confirmed: true }
}

/** Only an explicit yes counts: no answer within the terminal's device timeout is a no. */
async function confirm(ctx: TerminalContext, question: string[]): Promise<boolean> {
  const reply = await ctx.devices.input(
    { target: 'CashierDisplay', textLines: question.map((text, row) => ({ text, row })) },
    { target: 'CashierKeyboard', command: 'GetConfirmation' },
  ).catch((error: unknown) => {
    if (error instanceof EcrDeviceUnavailable) return undefined
    throw error
  })
  return reply?.input?.inResult === 'Success' && reply.input.value?.boolean === true
}

/** The cashier said no: the authorisation is reversed at the host and the payment ends Aborted. */
export async function cancelAfterRefusal(
  ctx: TerminalContext, stan: string, refused: 'signature' | 'identification', respond: (r: 'Aborted', extra?: Partial<CardServiceResponse>) => CardServiceResponse,
): Promise<CardServiceResponse> {
  ctx.host.reverse(stan)
  // The register may be the reason nobody answered: the cancellation must not depend on it.
  await ctx.devices.output({ target: 'CashierDisplay', textLines: [{ text: `${refused === 'signature' ? 'Signature' : 'Identification'} refused`, row: 0 }, { text: 'Payment cancelled, inform the customer', row: 1 }] }).catch(() => undefined)
  ctx.face.show('cancelled', ['Cancelled'])
  return respond('Aborted', { terminal: { terminalId: ctx.settings.terminalId, stan }, privateData: { errorText: `${refused} refused by the cashier` } })
}

export const KEEP_SIGNED_COPY = ['Approved', 'Keep the signed merchant copy']
