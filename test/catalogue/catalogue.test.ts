import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { allCases, caseLabel, findCase, getCase } from '../../src/catalogue/catalogue'

describe('CCV catalogue', () => {
  it('holds the 116 cases with unique ids', () => {
    const ids = allCases().map((c) => c.id)
    assert.equal(ids.length, 116)
    assert.equal(new Set(ids).size, 116)
  })

  it('looks cases up by id', () => {
    assert.equal(caseLabel(getCase('ATT-C1A')), 'C1A Happy flow')
    assert.equal(findCase('ATT-NOPE'), undefined)
    assert.throws(() => getCase('ATT-NOPE'), /not a CCV case/)
  })

  it('is the same as the shared catalogue, when that is beside the project', { skip: !existsSync('../shared/ccv/catalogue.json') }, () => {
    assert.deepEqual(allCases(), JSON.parse(readFileSync('../shared/ccv/catalogue.json', 'utf8')))
  })
})
