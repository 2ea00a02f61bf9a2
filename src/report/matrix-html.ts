/**
 * The matrix as HTML: the first page of the report (an overlay in the Allure report and its single
 * file) and a self-contained page beside it. No scripts or styles from the network.
 */
import { STATUS_MEANING, type CaseStatus } from './case-status'
import { terminalDescription } from './declaration'
import { escapeHtml as h } from './html'
import { matrixSummary, type Matrix, type MatrixRow, type MatrixScenario } from './matrix'
import type { RunManifest } from './run-manifest'

export interface MatrixPage {
  matrix: Matrix
  manifest: RunManifest
  /** Where a scenario's Allure page is; undefined when there is none. */
  scenarioLink: (s: MatrixScenario) => string | undefined
}

const STATUS_CLASS: Record<CaseStatus, string> = {
  'passed': 'passed', 'failed': 'failed', 'broken': 'broken', 'skipped': 'skipped',
  'not covered yet': 'uncovered', 'not applicable': 'na', 'not selected': 'na',
}

export const MATRIX_CSS = `
.ccv{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;padding:16px 24px;max-width:1400px}
.ccv h1{font-size:22px;margin:0 0 4px}.ccv h2{font-size:17px;margin:22px 0 8px}
.ccv table{border-collapse:collapse;width:100%}.ccv th,.ccv td{border-bottom:1px solid #e3e6ea;padding:4px 8px;text-align:left;vertical-align:top}
.ccv th{background:#f3f5f7;font-weight:600}.ccv tr.group td{background:#eef2f7;font-weight:600;padding-top:10px}
.ccv tr.terminal td{background:#dde5ef;font-weight:700;font-size:15px}
.ccv .facts td:first-child{width:190px;color:#57606a}.ccv .facts{width:auto;min-width:60%}
.ccv .st{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;white-space:nowrap;color:#fff}
.ccv .st.passed{background:#2e8540}.ccv .st.failed{background:#c62828}.ccv .st.broken{background:#e6a100;color:#1b1f24}
.ccv .st.skipped{background:#8a94a0}.ccv .st.uncovered{background:#fff;color:#7a4f00;border:1px solid #d49a00}
.ccv .st.na{background:#eceff2;color:#57606a}
.ccv .verdict{border-radius:6px;padding:10px 14px;margin:12px 0;font-weight:600}
.ccv .verdict.ok{background:#e6f4ea;border:1px solid #2e8540}.ccv .verdict.bad{background:#fdecea;border:1px solid #c62828}
.ccv .verdict.incomplete{background:#fff6db;border:1px solid #d49a00}
.ccv .verdict .ids{font-weight:400;font-size:13px;margin:6px 0 0}
.ccv .muted{color:#57606a}.ccv .scn{font-size:13px}.ccv .reason{font-size:13px;color:#3d444d}
.ccv .dirty{color:#c62828;font-weight:600}.ccv code{font-size:12px}.ccv details{margin:8px 0}
.ccv-dev{background:#c62828;color:#fff;font-weight:700;padding:6px 24px;font:600 14px system-ui,sans-serif}
`

function badge(status: CaseStatus): string {
  return `<span class="st ${STATUS_CLASS[status]}" title="${h(STATUS_MEANING[status])}">${h(status)}</span>`
}

function scenarioList(row: MatrixRow, link: MatrixPage['scenarioLink']): string {
  if (row.scenarios.length === 0) return '<span class="muted">none</span>'
  return row.scenarios.map((s) => {
    const href = link(s)
    const name = href ? `<a href="${h(href)}">${h(s.name)}</a>` : h(s.name)
    return `<div class="scn">${badge(s.status)} ${name}${s.reason && row.scenarios.length > 1 ? `<div class="reason">${h(s.reason)}</div>` : ''}</div>`
  }).join('')
}

function rowsHtml(page: MatrixPage): string {
  const out: string[] = []
  let terminal = ''
  let group = ''
  for (const r of page.matrix.rows) {
    if (r.terminal !== terminal) {
      terminal = r.terminal
      group = ''
      const of = page.matrix.rows.filter((x) => x.terminal === terminal)
      out.push(`<tr class="terminal"><td colspan="5">${h(terminal)} <span class="muted">(${of.length} cases)</span></td></tr>`)
    }
    if (r.group !== group) {
      group = r.group
      out.push(`<tr class="group"><td colspan="5">${h(group)}</td></tr>`)
    }
    out.push(`<tr id="case-${h(r.id)}"><td><code>${h(r.id)}</code></td>` +
      `<td><a href="${h(r.url)}" target="_blank" rel="noopener">${h(r.label)}</a>${r.urlConfirmed ? '' : ' <span class="muted" title="CCV address inferred from its menu">(address inferred)</span>'}</td>` +
      `<td>${badge(r.status)}</td><td class="reason">${h(r.reason ?? '')}</td><td>${scenarioList(r, page.scenarioLink)}</td></tr>`)
  }
  return out.join('\n')
}

function verdictHtml(m: Matrix): string {
  const list = (rows: MatrixRow[]) => `<div class="ids">${rows.map((r) => `<a href="#case-${h(r.id)}" title="${h(`${r.label}: ${r.status}`)}">${h(r.id)}</a>`).join(', ')}</div>`
  const scope = m.kind === 'development' ? 'Development run (not a certification): ' : ''
  if (m.failing.length) return `<div class="verdict bad">${scope}${m.failing.length} applicable case(s) failed or broken.${list(m.failing)}</div>`
  if (m.incomplete.length) return `<div class="verdict incomplete">${scope}Incomplete: ${m.incomplete.length} applicable case(s) have no verdict yet (not covered yet, or skipped); the other ${m.applicable - m.incomplete.length} applicable cases passed.${list(m.incomplete)}</div>`
  return `<div class="verdict ok">${scope}Every applicable case passed (${m.applicable} of ${m.rows.length}; the others do not apply to this integration).</div>`
}

function factsHtml(mf: RunManifest): string {
  const d = mf.declaration.content
  const row = (k: string, v: string) => `<tr><td>${h(k)}</td><td>${v}</td></tr>`
  return `<table class="facts">
${row('Integration', `${h(d.integration.name)} ${h(d.integration.version)}, ${h(d.integration.vendor)}`)}
${row('Terminal', h(terminalDescription(d)))}
${row('Tester', `${h(d.tester.name)}, ${h(d.tester.organisation)}${d.tester.email ? ` (${h(d.tester.email)})` : ''}`)}
${row('Test cards', h(d.testCards))}
${row('Run', `${h(mf.kind)} run, profile <code>${h(mf.profile)}</code>, seed ${h(mf.seed)}${mf.filters.length ? `, filter <code>${h(mf.filters.join(' '))}</code>` : ''}`)}
${row('Suite', `${h(mf.suite.name)} ${h(mf.suite.version)}, commit <code>${h(mf.commit.id.slice(0, 12))}</code>${mf.commit.dirty ? ` <span class="dirty">with local changes (${mf.commit.changedFiles.length} file(s))</span>` : ' (no local changes)'}`)}
${row('Time', `${h(mf.startedAt)} to ${h(mf.finishedAt)}`)}
${row('Declaration', `<code>${h(mf.declaration.file)}</code>, sha256 <code>${h(mf.declaration.sha256.slice(0, 16))}</code>`)}
${row('Tools', h(Object.entries(mf.versions).map(([k, v]) => `${k} ${v}`).join(', ')))}
${mf.warnings.map((w) => row('Warning', `<span class="dirty">${h(w)}</span>`)).join('\n')}
</table>`
}

function manifestHtml(mf: RunManifest): string {
  const files = Object.entries(mf.sha256.features).map(([f, s]) => `<tr><td><code>${h(f)}</code></td><td><code>${h(s)}</code></td></tr>`).join('')
  return `<details><summary>Run manifest: hashes of every feature file and of the catalogue (also in run-manifest.json)</summary>
<table><tr><th>file</th><th>sha256</th></tr>${files}
<tr><td><code>src/catalogue/ccv-cases.json</code></td><td><code>${h(mf.sha256.catalogue)}</code></td></tr>
<tr><td><code>src/catalogue/case-requirements.json</code></td><td><code>${h(mf.sha256.caseRequirements)}</code></td></tr></table>
${mf.commit.dirty ? `<p class="dirty">Local changes: ${h(mf.commit.changedFiles.join(', '))}</p>` : ''}</details>`
}

function legendHtml(m: Matrix): string {
  const statuses = Object.keys(STATUS_MEANING) as CaseStatus[]
  return `<table class="facts">${statuses.map((s) => `<tr><td>${badge(s)} ${m.totals[s]}</td><td>${h(STATUS_MEANING[s])}</td></tr>`).join('')}</table>`
}

/** The matrix section itself, for embedding. */
export function matrixSection(page: MatrixPage): string {
  const { matrix: m, manifest: mf } = page
  return `<div class="ccv">
<h1>CCV certification matrix</h1>
<div class="muted">${h(matrixSummary(m))}. Expected results are this suite's interpretation of CCV's case titles.</div>
${factsHtml(mf)}
${verdictHtml(m)}
<h2>All ${m.rows.length} CCV cases, in CCV's order</h2>
<table><thead><tr><th>id</th><th>CCV case</th><th>status</th><th>why</th><th>scenarios</th></tr></thead>
<tbody>
${rowsHtml(page)}
</tbody></table>
<h2>What each status means</h2>
${legendHtml(m)}
${manifestHtml(mf)}
</div>`
}

export function developmentBanner(mf: RunManifest): string {
  return `DEVELOPMENT RUN, not a certification report${mf.filters.length ? `: only ${mf.filters.join(' ')}` : ''}. Run npm run certify without filters for the certification report.`
}

/** The self-contained page beside the report. */
export function matrixPageHtml(page: MatrixPage): string {
  const dev = page.manifest.kind === 'development' ? `<div class="ccv-dev">${h(developmentBanner(page.manifest))}</div>` : ''
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>CCV certification matrix: ${h(page.manifest.declaration.content.integration.name)}</title>
<style>body{margin:0}${MATRIX_CSS}</style></head>
<body>${dev}${matrixSection(page)}</body></html>
`
}
