import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readFileSync } from 'node:fs'
import { parse, stringify } from 'yaml'
import { applicability } from '../../src/report/applicability'
import { DeclarationError, loadDeclaration, parseDeclaration, type Declaration } from '../../src/report/declaration'

const shipped = readFileSync('certification.yaml', 'utf8')

/** The shipped declaration with one change, as YAML. */
type Sections = Record<string, Record<string, unknown>>
function changed(edit: (d: Sections) => void): string {
  const d = parse(shipped) as Sections
  edit(d)
  return stringify(d)
}

function problems(text: string): string[] {
  try {
    parseDeclaration(text, 'my-integration.yaml')
  } catch (e) {
    assert.ok(e instanceof DeclarationError)
    assert.match(e.message, /^my-integration\.yaml is not a valid capability declaration/)
    return e.problems
  }
  return []
}

describe('the capability declaration', () => {
  it('ships valid for the reference integration', () => {
    const d = loadDeclaration('certification.yaml')
    assert.equal(d.terminal.simulated, true)
    assert.equal(d.terminalTypes.attended, true)
  })
  it('names a missing field', () => {
    assert.deepEqual(problems(changed((d) => delete d.integration.version)), ['integration.version: missing (required)'])
  })
  it('names an unknown field, such as a misspelt feature', () => {
    assert.deepEqual(problems(changed((d) => { d.features.refunds = true })), ['features.refunds: unknown field (see certification.schema.json for the fields)'])
  })
  it('says what a capability may be', () => {
    assert.deepEqual(problems(changed((d) => { d.features.mifare = 'no' })), ['features.mifare: must be true, false, or { supported: true|false, reason: "..." }'])
  })
  it('wants model, firmware and serial of a real terminal', () => {
    assert.deepEqual(problems(changed((d) => { d.terminal = { simulated: false, dialect: 'OPI-NL', model: 'Move/5000' } })).sort(),
      ['terminal.firmware: missing (required)', 'terminal.serial: missing (required)'])
  })
  it('names the allowed dialects', () => {
    assert.deepEqual(problems(changed((d) => { d.terminal.dialect = 'OPI-FR' })), ['terminal.dialect: must be one of OPI-NL, OPI-DE'])
  })
  it('reports broken YAML with its line', () => {
    const [problem] = problems('integration:\n  name: x\n   version: 1\n')
    assert.match(problem, /^line \d+, column \d+: /)
  })
  it('reports a file that is not there', () => {
    assert.throws(() => loadDeclaration('no-such-declaration.yaml'), /no-such-declaration\.yaml[\s\S]*no such file/)
  })
})

describe('which cases apply', () => {
  const reference = loadDeclaration('certification.yaml')
  const without = (edit: (d: Declaration) => void) => {
    const d = structuredClone(reference)
    edit(d)
    return d
  }
  it('takes the reason for a case that does not apply from the declaration', () => {
    const noMifare = without((d) => { d.features.mifare = { supported: false, reason: 'the charger reads no Mifare cards' } })
    assert.deepEqual(applicability('UNA-I1', noMifare), { applicable: false, reason: 'the declaration says mifare: not supported (the charger reads no Mifare cards)' })
    assert.deepEqual(applicability('UNA-I1', reference), { applicable: true })
  })
  it('applies an unattended case to either kind of machine the integration has', () => {
    assert.deepEqual(applicability('UNA-C1', without((d) => { d.terminalTypes.unattendedMetered = false })), { applicable: true })
    assert.equal(applicability('UNA-D1', without((d) => { d.terminalTypes.unattendedMetered = false })).applicable, false)
  })
  it('applies exactly one of the two variants of a check (O8 without sleep, O9 with)', () => {
    assert.equal(applicability('UNA-O8', reference).applicable, true)
    assert.equal(applicability('UNA-O9', reference).applicable, false)
    const sleeps = without((d) => { d.features.terminalSleeps = true })
    assert.equal(applicability('UNA-O8', sleeps).applicable, false)
    assert.equal(applicability('UNA-O9', sleeps).applicable, true)
  })
  it('makes every attended case not applicable for an integration without attended terminals', () => {
    const reason = applicability('ATT-C1A', without((d) => { d.terminalTypes.attended = false }))
    assert.deepEqual(reason, { applicable: false, reason: 'the declaration says attended terminals: not supported' })
  })
})
