import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { decodeMessage, encodeMessage, type WireFormat } from '../../src/opi/codec'
import {
  CARD_SERVICE_REQUEST_TYPES, DEVICE_REQUEST_TYPES, DEVICE_RESULTS, DEVICE_STATES, IN_DEVICE_TARGETS, INPUT_COMMANDS, OUT_DEVICE_TARGETS,
  OVERALL_RESULTS, SERVICE_REQUEST_TYPES, type OpiMessage,
} from '../../src/opi/messages'

/*
 * Arbitrary typed messages survive encode -> decode unchanged. Text is what XML can carry and what
 * the parser keeps: printable characters without leading or trailing blanks (values are trimmed on
 * reading, as every OPI client does with pretty-printed XML).
 */
const printable = fc.string({ unit: fc.constantFrom(...'abcXYZ019 .,:-_/#&<>"\'€äöüßé'.split('')), maxLength: 24 })
  .map((s) => s.trim())
const word = printable.filter((s) => s.length > 0)
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined })
const count = fc.integer({ min: 0, max: 999_999 })
const money = fc.record({ minor: fc.integer({ min: 0, max: 10_000_000_00 }), currency: fc.constantFrom('EUR', 'CHF', 'GBP') })
const header = { requestId: word, workstationId: word, applicationSender: opt(word), popId: opt(word) }
const posData = fc.record({
  posTimeStamp: fc.constantFrom('2026-01-15T10:15:02', '2026-01-15T10:15:02Z', '2026-01-15T10:15:02-00:00'),
  languageCode: opt(fc.constantFrom('nl', 'en', 'de', 'fr')), shiftNumber: opt(count), clerkId: opt(word),
  printerStatus: opt(fc.constantFrom(...DEVICE_STATES)), journalPrinterStatus: opt(fc.constantFrom(...DEVICE_STATES)),
  eJournalStatus: opt(fc.constantFrom(...DEVICE_STATES)),
})
const terminal = fc.record({ terminalId: word, stan: opt(word), terminalBatch: opt(word) })
const originalHeader = fc.record({ requestId: word, requestType: opt(word), workstationId: opt(word) })
const privateData = fc.record({ errorCode: opt(word), errorText: opt(word) })

const cardServiceRequest = fc.record({
  kind: fc.constant('CardServiceRequest' as const), requestType: fc.constantFrom(...CARD_SERVICE_REQUEST_TYPES), ...header, posData,
  totalAmount: money,
  originalTransaction: opt(fc.record({ stan: opt(word), approvalCode: opt(word), receiptNumber: opt(word), timeStamp: opt(word) })),
  cardCircuits: opt(fc.array(word, { minLength: 1, maxLength: 4 })),
})
const cardServiceResponse = fc.record({
  kind: fc.constant('CardServiceResponse' as const), requestType: fc.constantFrom(...CARD_SERVICE_REQUEST_TYPES), ...header,
  overallResult: fc.constantFrom(...OVERALL_RESULTS), terminal: opt(terminal),
  tender: opt(fc.record({
    totalAmount: opt(money),
    authorisation: opt(fc.record({
      acquirerId: opt(word), timeStamp: opt(word), approvalCode: opt(word), cardPan: opt(word), cardCircuit: opt(word),
      receiptNumber: opt(word), actionCode: opt(word), authorisationType: opt(word),
    })),
  })),
  privateData: opt(privateData), originalHeader: opt(originalHeader),
})
const serviceRequest = fc.record({ kind: fc.constant('ServiceRequest' as const), requestType: fc.constantFrom(...SERVICE_REQUEST_TYPES), ...header, posData })
const serviceResponse = fc.record({
  kind: fc.constant('ServiceResponse' as const), requestType: fc.constantFrom(...SERVICE_REQUEST_TYPES), ...header,
  overallResult: fc.constantFrom(...OVERALL_RESULTS), terminal: opt(terminal),
  reconciliation: opt(fc.record({
    languageCode: opt(word),
    totals: fc.array(fc.record({ amount: money, cardCircuit: opt(word), paymentType: opt(word), numberPayments: opt(count) }), { maxLength: 4 }),
  })),
  cardCircuits: opt(fc.array(fc.record({ code: word, displayName: opt(word) }), { minLength: 1, maxLength: 4 })),
  originalHeader: opt(originalHeader), authorisation: opt(fc.record({ timeStamp: opt(word) })), privateData: opt(privateData),
})
const textLine = fc.record({ text: printable, row: opt(count), column: opt(count) })
const deviceRequest = fc.record({
  kind: fc.constant('DeviceRequest' as const), requestType: fc.constantFrom(...DEVICE_REQUEST_TYPES), ...header,
  terminalId: opt(word), sequenceId: opt(word),
  outputs: fc.array(fc.record({ target: fc.constantFrom(...OUT_DEVICE_TARGETS), textLines: fc.array(textLine, { maxLength: 5 }) }), { maxLength: 2 }),
  input: opt(fc.record({
    target: fc.constantFrom(...IN_DEVICE_TARGETS), command: fc.constantFrom(...INPUT_COMMANDS),
    minLength: opt(count), maxLength: opt(count), decimals: opt(fc.integer({ min: 0, max: 3 })), timeoutSeconds: opt(count),
  })),
})
const deviceResponse = fc.record({
  kind: fc.constant('DeviceResponse' as const), requestType: fc.constantFrom(...DEVICE_REQUEST_TYPES), ...header,
  overallResult: fc.constantFrom(...OVERALL_RESULTS),
  outputs: fc.array(fc.record({ target: fc.constantFrom(...OUT_DEVICE_TARGETS), outResult: fc.constantFrom(...DEVICE_RESULTS) }), { maxLength: 2 }),
  input: opt(fc.record({
    target: fc.constantFrom(...IN_DEVICE_TARGETS), inResult: fc.constantFrom(...DEVICE_RESULTS),
    value: opt(fc.record({ boolean: opt(fc.boolean()), number: opt(fc.stringMatching(/^\d{1,6}$/)), text: opt(word) })),
  })),
})
const anyMessage: fc.Arbitrary<OpiMessage> = fc.oneof(cardServiceRequest, cardServiceResponse, serviceRequest, serviceResponse, deviceRequest, deviceResponse)

/** Undefined fields and absent fields mean the same on the wire. */
const plain = (m: unknown): unknown => JSON.parse(JSON.stringify(m))
const latin1Safe = (m: unknown): unknown => JSON.parse(JSON.stringify(m).replace(/[^\u0000-\u00ff]/g, '?'))

describe('OPI codec: properties', () => {
  it('decode(encode(m)) equals m for arbitrary messages, in UTF-8 with the namespace', () => {
    fc.assert(fc.property(anyMessage, (m) => {
      assert.deepEqual(plain(decodeMessage(encodeMessage(m).bytes).message), plain(m))
    }), { seed: 20261128, numRuns: 500 })
  })

  it('the same in ISO-8859-1 without the namespace; characters Latin-1 lacks become "?"', () => {
    const format: WireFormat = { encoding: 'ISO-8859-1', namespace: false }
    fc.assert(fc.property(anyMessage, (m) => {
      assert.deepEqual(plain(decodeMessage(encodeMessage(m, format).bytes).message), latin1Safe(m))
    }), { seed: 20261129, numRuns: 300 })
  })

  it('encoding is stable: a decoded message re-encodes to the same bytes', () => {
    fc.assert(fc.property(anyMessage, (m) => {
      const first = encodeMessage(m)
      assert.equal(encodeMessage(decodeMessage(first.bytes).message).text, first.text)
    }), { seed: 20261130, numRuns: 300 })
  })
})
