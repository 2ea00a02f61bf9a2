import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeMessage, encodeMessage, OpiDecodeError } from '../../src/opi/codec'
import type { CardServiceRequest, CardServiceResponse, DeviceRequest, DeviceResponse } from '../../src/opi/messages'

const utf8 = (text: string) => Uint8Array.from(Buffer.from(text, 'utf8'))
const latin1 = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'))
const decode = (text: string) => decodeMessage(utf8(text)).message

// Golden examples, written by us after section 10 of the OPI reference.
const PAYMENT_REQUEST = `<?xml version="1.0" encoding="UTF-8"?>
<CardServiceRequest xmlns="http://www.nrf-arts.org/IXRetail/namespace"
    RequestType="CardPayment" RequestID="1042" WorkstationID="LANE-2" ApplicationSender="CertSuite">
  <POSdata LanguageCode="nl">
    <POSTimeStamp>2025-03-14T10:15:02</POSTimeStamp>
    <ShiftNumber>7</ShiftNumber>
    <ClerkID>3</ClerkID>
    <PrinterStatus>Available</PrinterStatus>
    <JournalPrinterStatus>PaperLow</JournalPrinterStatus>
    <E-JournalStatus>Available</E-JournalStatus>
  </POSdata>
  <TotalAmount Currency="EUR">18.75</TotalAmount>
</CardServiceRequest>`

const APPROVED = `<CardServiceResponse xmlns="http://www.nrf-arts.org/IXRetail/namespace"
    RequestType="CardPayment" RequestID="1042" WorkstationID="LANE-2" OverallResult="Success">
  <Terminal TerminalID="12345678" STAN="000311"/>
  <Tender>
    <TotalAmount Currency="EUR">18.75</TotalAmount>
    <Authorisation AcquirerID="0027" TimeStamp="2025-03-14T10:15:31" ApprovalCode="A1B2C3"
        CardPAN="************4242" CardCircuit="VISA" ReceiptNumber="311" ActionCode="0" AuthorisationType="Online"/>
  </Tender>
</CardServiceResponse>`

const DISPLAY_PROMPT = `<DeviceRequest xmlns="http://www.nrf-arts.org/IXRetail/namespace"
    RequestType="Output" RequestID="1042.1" WorkstationID="LANE-2" ApplicationSender="SimTerminal">
  <Output OutDeviceTarget="CashierDisplay">
    <TextLine Row="1" Column="0">aanbieden</TextLine>
    <TextLine Row="0" Column="0">Houder: kaart</TextLine>
  </Output>
</DeviceRequest>`

const INPUT_ANSWER = `<DeviceResponse RequestType="Input" RequestID="57.3" WorkstationID="LANE-2" OverallResult="Success"
                xmlns="http://www.nrf-arts.org/IXRetail/namespace">
  <Input InDeviceTarget="CashierKeyboard" InResult="Success">
    <InputValue><InBoolean>true</InBoolean></InputValue>
  </Input>
</DeviceResponse>`

const failsWith = (result: string, pattern: RegExp) => (e: unknown) => e instanceof OpiDecodeError && e.result === result && pattern.test(e.message)

describe('OPI codec: reading', () => {
  it('reads a CardPayment request with every POSdata field', () => {
    const m = decode(PAYMENT_REQUEST) as CardServiceRequest
    assert.deepEqual(m, {
      kind: 'CardServiceRequest', requestType: 'CardPayment', requestId: '1042', workstationId: 'LANE-2', applicationSender: 'CertSuite',
      popId: undefined, totalAmount: { minor: 1875, currency: 'EUR' }, originalTransaction: undefined, cardCircuits: undefined,
      posData: { posTimeStamp: '2025-03-14T10:15:02', languageCode: 'nl', shiftNumber: 7, clerkId: '3', printerStatus: 'Available', journalPrinterStatus: 'PaperLow', eJournalStatus: 'Available' },
    })
  })

  it('reads an approval with its authorisation', () => {
    const m = decode(APPROVED) as CardServiceResponse
    assert.equal(m.overallResult, 'Success')
    assert.deepEqual(m.terminal, { terminalId: '12345678', stan: '000311', terminalBatch: undefined })
    assert.equal(m.tender?.authorisation?.approvalCode, 'A1B2C3')
    assert.equal(m.tender?.authorisation?.cardCircuit, 'VISA')
    assert.deepEqual(m.tender?.totalAmount, { minor: 1875, currency: 'EUR' })
  })

  it('reads display lines in document order with their rows', () => {
    const m = decode(DISPLAY_PROMPT) as DeviceRequest
    assert.deepEqual(m.outputs, [{ target: 'CashierDisplay', textLines: [{ text: 'aanbieden', row: 1, column: 0 }, { text: 'Houder: kaart', row: 0, column: 0 }] }])
  })

  it('reads a confirmation answer', () => {
    const m = decode(INPUT_ANSWER) as DeviceResponse
    assert.deepEqual(m.input, { target: 'CashierKeyboard', inResult: 'Success', value: { boolean: true, number: undefined, text: undefined } })
  })

  it('ignores namespaces: none, default, or prefixed', () => {
    const bare = decode(APPROVED.replace(' xmlns="http://www.nrf-arts.org/IXRetail/namespace"', ''))
    const prefixed = decode(APPROVED.replace('<CardServiceResponse xmlns=', '<opi:CardServiceResponse xmlns:opi=').replace('</CardServiceResponse>', '</opi:CardServiceResponse>'))
    assert.deepEqual(bare, decode(APPROVED))
    assert.deepEqual(prefixed, decode(APPROVED))
  })

  it('ignores unknown elements and attributes', () => {
    const m = decode(APPROVED.replace('<Terminal ', '<Loyalty Points="3"/><Terminal Extra="x" ')) as CardServiceResponse
    assert.equal(m.terminal?.terminalId, '12345678')
  })

  it('decodes ISO-8859-1 by its declaration', () => {
    const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><DeviceRequest RequestType="Output" RequestID="1.1" WorkstationID="W"><Output OutDeviceTarget="Printer"><TextLine>Bedrag EUR 5,00 Größe é</TextLine></Output></DeviceRequest>'
    const m = decodeMessage(latin1(xml)).message as DeviceRequest
    assert.equal(m.outputs[0].textLines[0].text, 'Bedrag EUR 5,00 Größe é')
  })

  it('accepts a one-decimal amount as a real terminal sent it', () => {
    const m = decode(PAYMENT_REQUEST.replace('18.75', '39.5')) as CardServiceRequest
    assert.deepEqual(m.totalAmount, { minor: 3950, currency: 'EUR' })
  })
})

describe('OPI codec: refusing', () => {
  it('calls malformed XML a ParsingError', () => {
    assert.throws(() => decode('<CardServiceRequest RequestType="CardPayment"'), failsWith('ParsingError', /not well-formed/))
  })

  it('refuses any DTD, so entities are never expanded', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><DeviceRequest RequestType="Output" RequestID="&b;" WorkstationID="W"/>'
    assert.throws(() => decode(bomb), failsWith('ParsingError', /refused/))
  })

  it('calls bytes that are not UTF-8 a ParsingError', () => {
    assert.throws(() => decodeMessage(latin1('<DeviceRequest RequestType="Output" RequestID="1" WorkstationID="Größe"/>')), failsWith('ParsingError', /not valid UTF-8/))
  })

  it('calls an unknown message a FormatError', () => {
    assert.throws(() => decode('<LoyaltyRequest RequestID="1"/>'), failsWith('FormatError', /unknown message <LoyaltyRequest>/))
  })

  it('calls an unknown RequestType a FormatError and keeps the id to answer with', () => {
    assert.throws(() => decode(PAYMENT_REQUEST.replace('CardPayment', 'CardTeleport')), (e) =>
      e instanceof OpiDecodeError && e.result === 'FormatError' && e.partial.requestId === '1042' && e.partial.requestType === 'CardTeleport')
  })

  it('calls a missing RequestID MissingMandatoryData', () => {
    assert.throws(() => decode(PAYMENT_REQUEST.replace(' RequestID="1042"', '')), failsWith('MissingMandatoryData', /RequestID/))
  })

  it('calls a payment without an amount MissingMandatoryData', () => {
    assert.throws(() => decode(PAYMENT_REQUEST.replace('<TotalAmount Currency="EUR">18.75</TotalAmount>', '')), failsWith('MissingMandatoryData', /TotalAmount/))
  })

  it('calls an amount with a thousands separator a ValidationError', () => {
    assert.throws(() => decode(PAYMENT_REQUEST.replace('18.75', '1,018.75')), failsWith('ValidationError', /plain decimal/))
  })

  it('calls an unknown OverallResult a FormatError', () => {
    assert.throws(() => decode(APPROVED.replace('OverallResult="Success"', 'OverallResult="Maybe"')), failsWith('FormatError', /OverallResult "Maybe"/))
  })
})

describe('OPI codec: writing', () => {
  const request = decode(PAYMENT_REQUEST) as CardServiceRequest

  it('round-trips every message it reads', () => {
    for (const xml of [PAYMENT_REQUEST, APPROVED, DISPLAY_PROMPT, INPUT_ANSWER]) {
      const message = decode(xml)
      assert.deepEqual(decodeMessage(encodeMessage(message).bytes).message, message)
    }
  })

  it('writes amounts as plain decimals with the currency', () => {
    assert.match(encodeMessage(request).text, /<TotalAmount Currency="EUR">18\.75<\/TotalAmount>/)
  })

  it('writes the NRF namespace unless the dialect leaves it out', () => {
    assert.match(encodeMessage(request).text, /xmlns="http:\/\/www\.nrf-arts\.org\/IXRetail\/namespace"/)
    assert.doesNotMatch(encodeMessage(request, { encoding: 'UTF-8', namespace: false }).text, /xmlns/)
  })

  it('writes ISO-8859-1 bytes when asked, replacing what Latin-1 cannot carry', () => {
    const out: DeviceRequest = { kind: 'DeviceRequest', requestType: 'Output', requestId: '1.1', workstationId: 'W', outputs: [{ target: 'Printer', textLines: [{ text: 'Größe € 5' }] }] }
    const { bytes, text } = encodeMessage(out, { encoding: 'ISO-8859-1', namespace: true })
    assert.match(text, /encoding="ISO-8859-1"/)
    assert.ok(Buffer.from(bytes).includes(Buffer.from('Gr\xf6\xdfe ? 5', 'latin1')))
    assert.equal((decodeMessage(bytes).message as DeviceRequest).outputs[0].textLines[0].text, 'Größe ? 5')
  })

  it('carries the card token a terminal hands an unattended machine in PrivateData', () => {
    const reserved = { ...(decode(APPROVED) as CardServiceResponse), requestType: 'CardPreAuthorisation' as const, privateData: { cardToken: 'TK0A1B2C3D4E5F60' } }
    assert.match(encodeMessage(reserved).text, /<PrivateData>\s*<CardToken>TK0A1B2C3D4E5F60<\/CardToken>/)
    assert.equal((decodeMessage(encodeMessage(reserved).bytes).message as CardServiceResponse).privateData?.cardToken, 'TK0A1B2C3D4E5F60')
  })

  it('escapes markup characters in text', () => {
    const out: DeviceRequest = { kind: 'DeviceRequest', requestType: 'Output', requestId: '1', workstationId: 'W', outputs: [{ target: 'CashierDisplay', textLines: [{ text: 'A & B <C>' }] }] }
    assert.match(encodeMessage(out).text, /A &amp; B &lt;C&gt;/)
    assert.equal((decodeMessage(encodeMessage(out).bytes).message as DeviceRequest).outputs[0].textLines[0].text, 'A & B <C>')
  })
})
