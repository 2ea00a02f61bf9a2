import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { allCases } from '../../src/catalogue/catalogue'
import { loadDeclaration } from '../../src/report/declaration'
import { buildMatrix, matrixCsv } from '../../src/report/matrix'
import type { ScenarioVerdict } from '../../src/report/run-verdicts'

const declaration = loadDeclaration('certification.yaml')
declaration.features.mifare = { supported: false, reason: 'the machine reads no Mifare cards' }
const verdict = (caseId: string, status: ScenarioVerdict['status'], name = `${caseId} ${status}`): ScenarioVerdict =>
  ({ testCaseStartedId: name, pickleId: name, uri: 'features/x.feature', name, caseId, status, reason: status === 'passed' ? undefined : `why ${name}`, startedAt: 0, finishedAt: 0 })

describe('the certification matrix', () => {
  const verdicts = [verdict('ATT-C1A', 'passed', 'a'), verdict('ATT-C1A', 'failed', 'b'), verdict('ATT-C1A', 'broken', 'c'), verdict('ATT-F1A', 'passed'), verdict('UNA-I1', 'passed')]
  const matrix = buildMatrix({ kind: 'certification', declaration, verdicts, casesWithScenarios: new Set(['ATT-C1A', 'ATT-F1A', 'UNA-I1', 'ATT-F1B']) })
  const row = (id: string) => matrix.rows.find((r) => r.id === id)!

  it('has one row per CCV case, all 116, in the catalogue\'s order', () => {
    assert.equal(matrix.rows.length, 116)
    assert.deepEqual(matrix.rows.map((r) => r.id), allCases().map((c) => c.id))
  })
  it('gives a case with several scenarios the worst of them, and lists them all', () => {
    assert.equal(row('ATT-C1A').status, 'failed')
    assert.equal(row('ATT-C1A').reason, '1 of 3 scenarios failed: why b')
    assert.deepEqual(row('ATT-C1A').scenarios.map((s) => s.status), ['passed', 'failed', 'broken'])
  })
  it('says not covered yet for an applicable case without a scenario, and counts it as incomplete', () => {
    assert.equal(row('UNA-G1').status, 'not covered yet')
    assert.ok(matrix.incomplete.some((r) => r.id === 'UNA-G1'))
  })
  it('says not applicable, with the declaration\'s reason, even where a scenario ran', () => {
    assert.equal(row('UNA-I1').status, 'not applicable')
    assert.match(row('UNA-I1').reason ?? '', /the machine reads no Mifare cards/)
  })
  it('calls a case whose scenarios did not run skipped in a certification, not selected in a development run', () => {
    assert.equal(row('ATT-F1B').status, 'skipped')
    const dev = buildMatrix({ kind: 'development', declaration, verdicts, casesWithScenarios: new Set(['ATT-F1B']) })
    assert.equal(dev.rows.find((r) => r.id === 'ATT-F1B')?.status, 'not selected')
    assert.ok(!dev.incomplete.some((r) => r.id === 'ATT-F1B'))
  })
  it('fails on failed and broken applicable cases only', () => {
    assert.deepEqual(matrix.failing.map((r) => r.id), ['ATT-C1A'])
  })
  it('writes CSV with a header and one line per case, quoting commas', () => {
    const lines = matrixCsv(matrix).trimEnd().split('\n')
    assert.equal(lines.length, 117)
    assert.equal(lines[0], 'id,terminal type,group,code,title,status,reason,scenarios,ccv link')
    assert.match(lines.find((l) => l.startsWith('ATT-C1A,'))!, /^ATT-C1A,Attended terminals,Transactions,C1A,Happy flow,failed,/)
  })
})
