/**
 * No false green: a throwaway feature with an undefined step, run through Cucumber with this suite's
 * own profile (its formatters, allure-cucumberjs included), must come out broken in the verdicts, the
 * matrix and the Allure results the report is built from.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { prepareAllureResults } from '../../src/report/allure-results'
import { loadDeclaration } from '../../src/report/declaration'
import { buildMatrix } from '../../src/report/matrix'
import { parseMessages, scenarioVerdicts, type ScenarioVerdict } from '../../src/report/run-verdicts'

const repo = resolve('.')
const FEATURE = `Feature: Transactions

  @attended @ccv:ATT-C1A
  Scenario: A cardholder pays and the terminal beeps
    Given the checkout is ready for card payments
    Then the terminal beeps twice

  @attended @ccv:ATT-C1B
  Scenario: The checkout is ready
    Given the checkout is ready for card payments
`

describe('a scenario with an undefined step, through the real formatter configuration', () => {
  let dir: string
  let exitCode: number | null
  let verdicts: ScenarioVerdict[]

  before(() => {
    // A suite of its own: this repository's support code and profiles, one throwaway feature file.
    dir = mkdtempSync(join(tmpdir(), 'ccv-undefined-step-'))
    for (const shared of ['support', 'step-definitions', 'src', 'scripts', 'node_modules', 'package.json', 'tsconfig.json']) symlinkSync(join(repo, shared), join(dir, shared))
    copyFileSync(join(repo, 'cucumber.js'), join(dir, 'cucumber.js'))
    mkdirSync(join(dir, 'features/attended'), { recursive: true })
    writeFileSync(join(dir, 'features/attended/throwaway.feature'), FEATURE)
    const run = spawnSync(process.execPath, [join(repo, 'node_modules/@cucumber/cucumber/bin/cucumber.js')], { cwd: dir, encoding: 'utf8' })
    exitCode = run.status
    verdicts = scenarioVerdicts(parseMessages(readFileSync(join(dir, 'reports/cucumber-messages/default.ndjson'), 'utf8')))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('fails the Cucumber run', () => {
    assert.equal(exitCode, 1)
  })
  it('is broken, with the step named, in the verdicts', () => {
    const beeps = verdicts.find((v) => v.caseId === 'ATT-C1A')
    assert.equal(beeps?.status, 'broken')
    assert.equal(beeps?.reason, 'the step "the terminal beeps twice" has no step definition, so the case did not run')
    assert.equal(verdicts.find((v) => v.caseId === 'ATT-C1B')?.status, 'passed')
  })
  it('makes its case broken in the matrix, and fails a certification', () => {
    const matrix = buildMatrix({ kind: 'certification', declaration: loadDeclaration('certification.yaml'), verdicts, casesWithScenarios: new Set(['ATT-C1A', 'ATT-C1B']) })
    assert.equal(matrix.rows.find((r) => r.id === 'ATT-C1A')?.status, 'broken')
    assert.deepEqual(matrix.failing.map((r) => r.id), ['ATT-C1A'])
  })
  it('is broken in the Allure results the report is built from', () => {
    const to = join(dir, 'prepared')
    const matrix = buildMatrix({ kind: 'certification', declaration: loadDeclaration('certification.yaml'), verdicts, casesWithScenarios: new Set() })
    prepareAllureResults({ from: join(dir, 'reports/allure-results'), to, verdicts, matrix, root: dir, at: 0 })
    const results = readdirSync(to).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(to, f), 'utf8')) as { name: string; status: string; statusDetails: { message?: string } })
    const beeps = results.find((r) => r.name === 'A cardholder pays and the terminal beeps')
    assert.equal(beeps?.status, 'broken')
    assert.match(beeps?.statusDetails.message ?? '', /beeps twice" has no step definition/)
    assert.equal(results.find((r) => r.name === 'The checkout is ready')?.status, 'passed')
  })
})
