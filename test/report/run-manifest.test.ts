import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadDeclaration } from '../../src/report/declaration'
import { buildMatrix } from '../../src/report/matrix'
import { buildManifest, sha256, type ManifestInput } from '../../src/report/run-manifest'

describe('the run manifest', () => {
  const declaration = loadDeclaration('certification.yaml')
  const dir = mkdtempSync(join(tmpdir(), 'ccv-manifest-'))
  const feature = join(dir, 'transactions.feature')
  const input = (): ManifestInput => ({
    kind: 'certification', profile: 'default', seed: '20261128', arguments: [], filters: [],
    startedAt: new Date('2026-12-01T10:00:00Z'), finishedAt: new Date('2026-12-01T10:00:09Z'),
    declarationFile: 'certification.yaml', declaration, featureFiles: [feature], scenarios: 1,
    matrix: buildMatrix({ kind: 'certification', declaration, verdicts: [], casesWithScenarios: new Set() }),
  })

  it('records the declaration, the run and the tool versions', () => {
    writeFileSync(feature, 'Feature: Transactions\n')
    const m = buildManifest(input())
    assert.equal(m.declaration.file, 'certification.yaml')
    assert.equal(m.declaration.content.integration.name, declaration.integration.name)
    assert.deepEqual([m.kind, m.profile, m.seed, m.startedAt, m.finishedAt], ['certification', 'default', '20261128', '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:09.000Z'])
    assert.equal(m.versions['Node.js'], process.version)
    assert.match(m.versions.Cucumber, /^\d+\.\d+\.\d+$/)
    assert.match(m.commit.id, /^[0-9a-f]{40}$/)
    assert.equal(m.commit.dirty, m.commit.changedFiles.length > 0)
  })
  it('changes when a feature file changes', () => {
    writeFileSync(feature, 'Feature: Transactions\n')
    const before = buildManifest(input()).sha256.features
    writeFileSync(feature, 'Feature: Transactions\n  # one more line\n')
    const after = buildManifest(input()).sha256.features
    assert.notDeepEqual(after, before)
    assert.equal(Object.values(after)[0], sha256('Feature: Transactions\n  # one more line\n'))
    rmSync(dir, { recursive: true, force: true })
  })
})
