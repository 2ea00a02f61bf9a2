import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { decodeMessage, encodeMessage } from '../../src/opi/codec'
import {
  CARD_SERVICE_REQUEST_TYPES, INPUT_COMMANDS, OUT_DEVICE_TARGETS, OVERALL_RESULTS, SERVICE_REQUEST_TYPES, type OpiMessage,
} from '../../src/opi/messages'

/**
 * One hand-written example per message type (test/opi/golden/<Root>.<Type>[.<variant>].xml). Each is
 * decoded, checked on the fields that matter for it, and written back: re-encoding and decoding again
 * must give the same message, in both wire formats.
 */
const GOLDEN_DIR = join(__dirname, 'golden')
const files = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.xml')).sort()
const eur = (minor: number) => ({ minor, currency: 'EUR' })

const KEY_FIELDS: Record<string, object> = {
  'CardServiceRequest.CardPayment.xml': { requestId: '1042', totalAmount: eur(1875), cardCircuits: ['MAES', 'VISA'], posData: { shiftNumber: 7, printerStatus: 'Available' } },
  'CardServiceRequest.PaymentRefund.xml': { totalAmount: eur(500) },
  'CardServiceRequest.PaymentReversal.xml': { originalTransaction: { stan: '000311', approvalCode: 'A1B2C3', receiptNumber: '311' } },
  'CardServiceRequest.CardPreAuthorisation.xml': { totalAmount: eur(5000) },
  'CardServiceRequest.CardFinancialAdvice.xml': { totalAmount: eur(2340), originalTransaction: { stan: '000400' } },
  'CardServiceRequest.AbortRequest.xml': { requestId: '1045', totalAmount: undefined },
  'CardServiceRequest.TicketReprint.xml': { posData: { printerStatus: 'Available' } },
  'CardServiceRequest.RepeatLastMessage.xml': { requestId: '1050' },
  'CardServiceResponse.CardPayment.xml': { overallResult: 'Success', terminal: { stan: '000311', terminalBatch: '12' }, tender: { totalAmount: eur(1875), authorisation: { approvalCode: 'A1B2C3', cardCircuit: 'VISA', actionCode: '0' } } },
  'CardServiceResponse.PaymentRefund.xml': { overallResult: 'Success', tender: { totalAmount: eur(500) } },
  'CardServiceResponse.PaymentReversal.xml': { overallResult: 'Success', terminal: { stan: '000313' } },
  'CardServiceResponse.CardPreAuthorisation.xml': { tender: { authorisation: { approvalCode: '778899' } } },
  'CardServiceResponse.CardFinancialAdvice.xml': { overallResult: 'Failure', privateData: { errorCode: '1000051', errorText: 'Capture refused' } },
  'CardServiceResponse.AbortRequest.xml': { overallResult: 'Success', terminal: undefined },
  'CardServiceResponse.TicketReprint.xml': { overallResult: 'PrintLastTicket' },
  'CardServiceResponse.RepeatLastMessage.xml': { originalHeader: { requestId: '1044', requestType: 'CardPayment', workstationId: 'LANE-2' }, tender: { totalAmount: eur(1875) } },
  'CardServiceRequest.CardValidation.xml': { requestId: '3001', totalAmount: undefined },
  'CardServiceResponse.CardValidation.xml': { overallResult: 'Success', privateData: { mifareUid: '04A1B2C3D4E580' } },
  'ServiceRequest.Login.xml': { requestId: '1', posData: { languageCode: 'nl' } },
  'ServiceRequest.Logoff.xml': { requestId: '99' },
  'ServiceRequest.Reconciliation.xml': { requestId: '1059' },
  'ServiceRequest.ReconciliationWithClosure.xml': { requestId: '1060' },
  'ServiceRequest.GetCardCircuits.xml': { requestId: '5' },
  'ServiceRequest.GetStatus.xml': { requestId: '6' },
  'ServiceRequest.RepeatLastMessage.xml': { requestId: '7' },
  'ServiceResponse.Login.xml': { overallResult: 'Success', terminal: { terminalId: '12345678' } },
  'ServiceResponse.Logoff.xml': { overallResult: 'Success' },
  'ServiceResponse.Reconciliation.xml': { reconciliation: { languageCode: 'nl', totals: [{ amount: eur(4510), cardCircuit: 'MAES', paymentType: 'Debit', numberPayments: 3 }] } },
  'ServiceResponse.ReconciliationWithClosure.xml': {
    authorisation: { timeStamp: '2026-01-15T22:01:10' },
    reconciliation: { totals: [{ amount: eur(81240), cardCircuit: 'MAES', numberPayments: 41 }, { amount: eur(23305), cardCircuit: 'VISA', paymentType: 'Credit', numberPayments: 9 }] },
  },
  'ServiceResponse.GetCardCircuits.xml': { cardCircuits: [{ code: 'MAES', displayName: 'Maestro' }, { code: 'VISA', displayName: 'Visa' }, { code: 'ECMC', displayName: 'Mastercard' }] },
  'ServiceResponse.GetStatus.xml': { overallResult: 'Busy' },
  'ServiceResponse.RepeatLastMessage.xml': { originalHeader: { requestId: '6', requestType: 'GetStatus' } },
  'DeviceRequest.Output.CashierDisplay.xml': { requestId: '1042.1', terminalId: '12345678', outputs: [{ target: 'CashierDisplay', textLines: [{ text: 'Present card', row: 0, column: 0 }, { text: '18.75 EUR', row: 1, column: 0 }] }] },
  'DeviceRequest.Output.CustomerDisplay.xml': { outputs: [{ target: 'CustomerDisplay', textLines: [{ text: 'Kaart aanbieden', row: 0 }] }] },
  'DeviceRequest.Output.Printer.xml': { outputs: [{ target: 'Printer', textLines: [{ text: 'CUSTOMER COPY' }, { text: 'Totaal: € 18,75' }, { text: 'Münzstraße & Co' }] }] },
  'DeviceRequest.Output.PrinterReceipt.xml': { outputs: [{ target: 'PrinterReceipt' }] },
  'DeviceRequest.Output.JournalPrinter.xml': { outputs: [{ target: 'JournalPrinter', textLines: [{ text: 'MERCHANT COPY' }, { text: 'STAN 000311' }] }] },
  'DeviceRequest.Output.E-Journal.xml': { outputs: [{ target: 'E-Journal' }] },
  'DeviceRequest.Output.DeliveryBox.xml': { requestId: '2001.3', outputs: [{ target: 'DeliveryBox', textLines: [] }] },
  'DeviceRequest.Output.Latin1-NoNamespace.xml': { applicationSender: 'Thales-OPI', outputs: [{ target: 'PrinterReceipt', textLines: [{ text: 'Händlerbeleg' }, { text: 'Betrag EUR 12,00' }] }] },
  'DeviceRequest.Input.GetConfirmation.xml': { requestType: 'Input', input: { target: 'CashierKeyboard', command: 'GetConfirmation', timeoutSeconds: 60 }, outputs: [{ textLines: [{ text: 'Signature OK?' }] }] },
  'DeviceRequest.Input.GetMenu.xml': { input: { command: 'GetMenu', minLength: 1, maxLength: 1 }, outputs: [{ textLines: [{ text: '1 Charger A' }, { text: '2 Charger B' }] }] },
  'DeviceRequest.Input.GetDecimals.xml': { input: { target: 'CustomerKeyboard', command: 'GetDecimals', maxLength: 6, decimals: 2 } },
  'DeviceRequest.Input.GetAmount.xml': { input: { target: 'CashierTerminal', command: 'GetAmount', maxLength: 8, decimals: 2 } },
  'DeviceResponse.Output.xml': { overallResult: 'Success', outputs: [{ target: 'CashierDisplay', outResult: 'Success' }] },
  'DeviceResponse.Output.Printer.Failure.xml': { overallResult: 'Failure', outputs: [{ target: 'Printer', outResult: 'Failure' }] },
  'DeviceResponse.Output.DeliveryBox.Failure.xml': { outputs: [{ target: 'DeliveryBox', outResult: 'Failure' }] },
  'DeviceResponse.Input.InBoolean.xml': { input: { target: 'CashierKeyboard', inResult: 'Success', value: { boolean: true } } },
  'DeviceResponse.Input.InNumber.xml': { input: { value: { number: '2' } } },
  'DeviceResponse.Input.InString.xml': { input: { target: 'CashierTerminal', value: { text: '12.50' } } },
  'DeviceResponse.Input.TimedOut.xml': { overallResult: 'TimedOut', input: { inResult: 'TimedOut', value: undefined } },
}

/** Every field of `expected` must be in `actual`; arrays compare element by element. */
function assertHas(actual: unknown, expected: unknown, path: string): void {
  if (expected === null || typeof expected !== 'object') {
    assert.deepEqual(actual, expected, `${path}: expected ${JSON.stringify(expected)}, decoded ${JSON.stringify(actual)}`)
    return
  }
  assert.ok(actual !== null && typeof actual === 'object', `${path}: expected an object, decoded ${JSON.stringify(actual)}`)
  if (Array.isArray(expected)) assert.equal((actual as unknown[]).length, expected.length, `${path}: length`)
  for (const [key, value] of Object.entries(expected)) assertHas((actual as Record<string, unknown>)[key], value, `${path}.${key}`)
}

const decodeFile = (file: string): OpiMessage => decodeMessage(new Uint8Array(readFileSync(join(GOLDEN_DIR, file)))).message

describe('OPI golden examples', () => {
  for (const file of files) {
    it(`decodes, checks and round-trips ${file}`, () => {
      const [root, requestType] = file.split('.')
      const message = decodeFile(file)
      assert.equal(message.kind, root)
      assert.equal(message.requestType, requestType)
      assert.ok(KEY_FIELDS[file], `no key fields listed for ${file}`)
      assertHas(message, KEY_FIELDS[file], file)
      for (const format of [{ encoding: 'UTF-8', namespace: true }, { encoding: 'ISO-8859-1', namespace: false }] as const) {
        const again = decodeMessage(encodeMessage(message, format).bytes).message
        // Latin-1 cannot carry the euro sign: the codec sends '?' rather than a different character.
        const expected = format.encoding === 'UTF-8' ? message : JSON.parse(JSON.stringify(message).replace(/[^\u0000-\u00ff]/g, '?')) as OpiMessage
        assert.deepEqual(JSON.parse(JSON.stringify(again)), JSON.parse(JSON.stringify(expected)), `${file} in ${format.encoding}`)
      }
    })
  }

  it('has an example for every request type, device target, input command and a response for each', () => {
    const has = (prefix: string) => files.some((f) => f.startsWith(prefix))
    for (const t of CARD_SERVICE_REQUEST_TYPES) assert.ok(has(`CardServiceRequest.${t}.`) && has(`CardServiceResponse.${t}.`), t)
    for (const t of SERVICE_REQUEST_TYPES) assert.ok(has(`ServiceRequest.${t}.`) && has(`ServiceResponse.${t}.`), t)
    for (const t of OUT_DEVICE_TARGETS) assert.ok(has(`DeviceRequest.Output.${t}.`), t)
    for (const c of INPUT_COMMANDS.filter((c) => c !== 'GetAnyKey' && c !== 'GetChar')) assert.ok(has(`DeviceRequest.Input.${c}.`), c)
    for (const f of files) assert.ok(KEY_FIELDS[f], `no key fields for ${f}`)
    assert.equal(Object.keys(KEY_FIELDS).length, files.length, 'every listed example exists')
  })

  it('round-trips every OverallResult in every response root', () => {
    const template = decodeFile('CardServiceResponse.AbortRequest.xml')
    for (const overallResult of OVERALL_RESULTS) {
      for (const kind of ['CardServiceResponse', 'ServiceResponse', 'DeviceResponse'] as const) {
        const message = { ...template, kind, requestType: kind === 'DeviceResponse' ? 'Output' : kind === 'ServiceResponse' ? 'GetStatus' : 'AbortRequest', overallResult, outputs: kind === 'DeviceResponse' ? [] : undefined } as OpiMessage
        const again = decodeMessage(encodeMessage(message).bytes).message
        assert.equal((again as { overallResult: string }).overallResult, overallResult, `${kind} ${overallResult}`)
      }
    }
  })
})
