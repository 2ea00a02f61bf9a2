// The driver contract: the OpenAPI document, the TypeScript types and the command line agree.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseDriverCheckArgs, summary } from '../../src/cli/driver-check'
import { UsageError } from '../../src/cli/cli-args'
import { DriverContractSchemas } from '../../src/integration/contract-schema'
import { DRIVER_CONTRACT_VERSION, type ContractSchemaName } from '../../src/integration/driver-contract'
import { DriverCallFailed, DriverClient } from '../../src/integration/driver-client'

const schemas = new DriverContractSchemas()

describe('driver contract document', () => {
  it('states the version the code speaks', () => {
    assert.equal(schemas.version, DRIVER_CONTRACT_VERSION)
  })

  it('compiles every schema in strict mode, each named in the TypeScript list', () => {
    const named: Record<ContractSchemaName, true> = {
      Version: true, Money: true, TypedMoney: true, Currency: true, Amount: true, CardPaymentRequest: true, ReversalRequest: true, KeyPressed: true,
      RegisterState: true, OperationKind: true, Operation: true, OutcomeStatus: true, Outcome: true, MaskedPan: true, DisplayMessage: true,
      DisplayHistory: true, PrinterName: true, Printout: true, Printouts: true, JournalResult: true, JournalEntry: true, Journal: true,
      PrinterCondition: true, MachineSelection: true, MachineStatus: true, Error: true,
    }
    assert.deepEqual([...schemas.schemaNames].sort(), Object.keys(named).sort())
    for (const name of schemas.schemaNames) schemas.validate(name as ContractSchemaName, null)
  })

  it('holds an outcome to its statuses and two-decimal amounts, naming what is wrong', () => {
    assert.deepEqual(schemas.validate('Outcome', { status: 'approved', amount: '10.00', currency: 'EUR', approvalCode: 'A1' }), { valid: true, problems: [] })
    const verdict = schemas.validate('Outcome', { status: 'ok', amount: '10', pan: '6703' })
    assert.deepEqual(verdict.problems, [
      'the body must NOT have additional properties ("pan")',
      '/status must be equal to one of the allowed values (one of approved, declined, aborted, timed-out, refused-by-terminal, refused-by-register, terminal-unreachable, unknown, not-paid, blocked, succeeded, failed)',
      '/amount must match pattern "^-?\\d{1,9}\\.\\d{2}$"',
    ])
  })

  it('refuses an unmasked card number', () => {
    assert.equal(schemas.validate('MaskedPan', '***************0018').valid, true)
    assert.equal(schemas.validate('MaskedPan', '6703444444444449').valid, false)
  })
})

describe('driver client', () => {
  it('names the endpoint when nothing listens', async () => {
    const client = new DriverClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 500, schemas })
    await assert.rejects(client.version(), (error: Error) => error instanceof DriverCallFailed && error.message.startsWith('GET /version: '))
  })

  it('refuses a URL that is not http', () => {
    assert.throws(() => new DriverClient({ baseUrl: 'ftp://x', schemas }), /http or https/)
  })
})

describe('driver-check command line', () => {
  it('needs --url and reads the options', () => {
    assert.throws(() => parseDriverCheckArgs([]), UsageError)
    assert.throws(() => parseDriverCheckArgs(['--url', 'http://x', '--amount', '1']), /two decimals/)
    const command = parseDriverCheckArgs(['--url', 'http://127.0.0.1:8080', '--read-only', '--timeout', '800'])
    assert.equal(command.help, false)
    if (!command.help) assert.deepEqual({ ...command.options, amount: command.options.amount.minor }, {
      baseUrl: 'http://127.0.0.1:8080', timeoutMs: 800, operationTimeoutMs: 120_000, amount: 100, readOnly: true, terminalControl: undefined,
    })
  })
})

describe('driver-check summary', () => {
  it('says per part whether the POS conforms, then the totals', () => {
    assert.equal(summary([
      { part: 'attended', name: 'a', verdict: 'passed' }, { part: 'attended', name: 'b', verdict: 'failed', detail: 'why' },
      { part: 'peripherals', name: 'c', verdict: 'passed' }, { part: 'unattended', name: 'd', verdict: 'skipped' },
    ]), [
      '  attended: NOT conforming (1 passed, 1 failed, 0 skipped)',
      '  peripherals: conforming (1 passed, 0 failed, 0 skipped)',
      '  unattended: not checked (0 passed, 0 failed, 1 skipped)',
      '2 passed, 1 failed, 1 skipped (of 4 checks)',
    ].join('\n'))
  })
})
