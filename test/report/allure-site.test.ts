import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { injectOverlay, singleFileFrom } from '../../src/report/allure-site'
import { stripMachinePaths } from '../../src/report/machine-paths'

const INDEX = `<!DOCTYPE html><html><head><title>Allure Report</title><link rel="icon" href="assets/favicon.ico"></head>
<body><div id="content"></div><script src="assets/index-1.js"></script>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        gtag('config', 'G-X', {});
    </script>
</body></html>`

describe('the report files', () => {
  it('makes the single file from the folder: assets inlined, every data file registered', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccv-allure-'))
    try {
      mkdirSync(join(dir, 'assets'))
      mkdirSync(join(dir, 'data/test-cases'), { recursive: true })
      writeFileSync(join(dir, 'index.html'), INDEX)
      writeFileSync(join(dir, 'assets/index-1.js'), 'console.log(1)')
      writeFileSync(join(dir, 'assets/favicon.ico'), 'ico')
      writeFileSync(join(dir, 'data/test-cases/abc.json'), '{"uid":"abc"}')
      const single = singleFileFrom(dir) ?? ''
      assert.ok(single.includes(`src="data:text/javascript; charset=utf-8;base64,${Buffer.from('console.log(1)').toString('base64')}"`))
      assert.ok(single.includes(`d('data/test-cases/abc.json','${Buffer.from('{"uid":"abc"}').toString('base64')}')`))
      assert.ok(!single.includes('"assets/'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
  it('puts the banner and the matrix on the page, and no analytics beacon', () => {
    const html = injectOverlay(INDEX, { title: 'CCV certification of X 1.0', css: '.ccv{}', banner: 'DEVELOPMENT RUN', matrixSection: '<div class="ccv">matrix</div>', development: true })
    assert.ok(html.includes('<title>CCV certification of X 1.0</title>'))
    assert.ok(html.includes('<span>DEVELOPMENT RUN</span>'))
    assert.ok(html.includes('<div id="ccv-matrix"><div class="ccv">matrix</div></div>'))
    assert.ok(!html.includes('googletagmanager'))
  })
  it('cuts the machine\'s folders from messages and stack traces', () => {
    const trace = 'AssertionError: no\n    at Context.<anonymous> (/home/ci/suite/step-definitions/x.steps.ts:3:9)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n    at file:///home/ci/suite/support/world.ts:1:1'
    assert.equal(stripMachinePaths(trace, '/home/ci/suite'), 'AssertionError: no\n    at Context.<anonymous> (step-definitions/x.steps.ts:3:9)\n    at support/world.ts:1:1')
  })
})
