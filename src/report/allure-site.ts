/**
 * Builds the Allure report once (a folder, with the trend history of its own mode and profile) and
 * makes the single file for CCV from that same folder, so both share case links and the build is
 * paid for once. The matrix is the first page of both.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { extname, join, relative } from 'node:path'
import { TEST_CASE_STARTED_LABEL } from './allure-results'
import { escapeHtml as h } from './html'

const MIME: Record<string, string> = {
  '.js': 'text/javascript', '.css': 'text/css', '.ico': 'image/x-icon', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.woff': 'font/woff', '.woff2': 'font/woff2', '.json': 'application/json',
}

export function allureGenerate(root: string, results: string, out: string, name: string, singleFile = false): void {
  const args = ['generate', results, '-o', out, '--clean', '--name', name, ...(singleFile ? ['--single-file'] : [])]
  const run = spawnSync(process.execPath, [join(root, 'node_modules/allure-commandline/bin/allure'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
  if (run.status !== 0) throw new Error(`allure generate failed (exit ${run.status}): ${run.stderr?.toString().trim().split('\n').slice(-3).join(' ')}`)
}

/** The uid of each scenario's page in the generated report, by Cucumber test-case-started id. */
export function scenarioPages(report: string): Map<string, string> {
  const pages = new Map<string, string>()
  const dir = join(report, 'data/test-cases')
  if (!existsSync(dir)) return pages
  for (const file of readdirSync(dir)) {
    const tc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { uid: string; labels?: { name: string; value: string }[] }
    const id = tc.labels?.find((l) => l.name === TEST_CASE_STARTED_LABEL)?.value
    if (id) pages.set(id, tc.uid)
  }
  return pages
}

// Reports leave the building: no analytics beacon from a report mailed to CCV.
const ANALYTICS = /\s*<script async src="https:\/\/www\.googletagmanager\.com[^<]*<\/script>\s*<script>\s*window\.dataLayer[\s\S]*?<\/script>/

export interface Overlay {
  title: string
  css: string
  banner: string
  /** Shown as a full page over Allure until the reader opens the Allure report. */
  matrixSection: string
  development: boolean
}

/** Puts the banner (on every page) and the matrix page into the report's index.html. */
export function injectOverlay(indexHtml: string, o: Overlay): string {
  const css = `${o.css}
#ccv-bar{position:fixed;top:0;left:0;right:0;height:34px;z-index:10000;display:flex;align-items:center;gap:12px;padding:0 16px;box-sizing:border-box;
font:600 13px system-ui,sans-serif;background:${o.development ? '#c62828' : '#1f3b5c'};color:#fff}
#ccv-bar span{flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#ccv-bar button{white-space:nowrap;font:600 13px system-ui,sans-serif;border:1px solid #fff;background:transparent;color:#fff;border-radius:4px;padding:3px 10px;cursor:pointer}
#ccv-bar button.on{background:#fff;color:#1f3b5c}
body>#content{position:fixed;top:34px;left:0;right:0;bottom:0;overflow:auto}
#content .app{height:100%}#content .side-nav{height:100%}
.description__text h3{font-size:16px;font-weight:600;margin:12px 0 4px}.description__text p{margin:4px 0}
.description__text ul{list-style:disc;padding-left:22px;margin:2px 0 8px}.description__text ol{list-style:decimal;padding-left:22px;margin:2px 0 8px}
.description__text strong{font-weight:600}.description__text em{font-style:italic}
.description__text summary{cursor:pointer;font-weight:600;display:list-item;margin-top:6px}
.description__text pre{max-height:420px;overflow:auto;white-space:pre-wrap;background:#f6f8fa;border:1px solid #e3e6ea;padding:6px 8px;font:12px/1.35 ui-monospace,monospace;margin:4px 0 8px}
#ccv-matrix{position:fixed;top:34px;left:0;right:0;bottom:0;overflow:auto;background:#fff;z-index:9999}`
  const script = `(function(){var m=document.getElementById('ccv-matrix'),a=document.getElementById('ccv-show-matrix'),b=document.getElementById('ccv-show-allure');
function show(x){m.style.display=x?'block':'none';a.className=x?'on':'';b.className=x?'':'on'}
a.onclick=function(){show(true)};b.onclick=function(){show(false)};
m.addEventListener('click',function(e){var t=e.target.closest&&e.target.closest('a');if(t&&t.getAttribute('href').indexOf('#testresult/')===0)show(false)});
show(!/^#testresult\\//.test(location.hash));})();`
  const body = `<div id="ccv-bar"><span>${h(o.banner)}</span><button id="ccv-show-matrix">Certification matrix</button><button id="ccv-show-allure">Scenarios and evidence (Allure)</button></div>
<div id="ccv-matrix">${o.matrixSection}</div>
<script>${script}</script>`
  return indexHtml
    .replace(ANALYTICS, '\n')
    .replace(/<title>[^<]*<\/title>/, `<title>${h(o.title)}</title>`)
    .replace('</head>', `<style>${css}</style>\n</head>`)
    .replace('</body>', `${body}\n</body>`)
}

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
}

/**
 * The single file, made from the folder report as allure-commandline's --single-file makes it: assets
 * inlined, every data file registered with `d(name, base64)`. Returns undefined if the folder's
 * index.html is not in the shape this expects (then the caller falls back to a second generation).
 */
export function singleFileFrom(report: string): string | undefined {
  let html = readFileSync(join(report, 'index.html'), 'utf8')
  if (!html.includes('</body>') || !/src="assets\/[^"]+\.js"/.test(html)) return undefined
  html = html.replace(/(src|href)="(assets\/[^"]+)"/g, (_m, attr: string, path: string) => {
    const mime = MIME[extname(path)] ?? 'application/octet-stream'
    const data = readFileSync(join(report, path)).toString('base64')
    return `${attr}="data:${mime}${mime === 'text/javascript' ? '; charset=utf-8' : ''};base64,${data}"`
  })
  if (/(src|href)="assets\//.test(html)) return undefined
  const entries = ['data', 'widgets', 'history', 'export']
    .filter((d) => existsSync(join(report, d)))
    .flatMap((d) => filesUnder(join(report, d)))
    .map((f) => `d('${relative(report, f).split('\\').join('/')}','${readFileSync(f).toString('base64')}')`)
  const loader = `<script async>
window.reportDataReady = false;
window.reportData = window.reportData || {};
function d(name, value){ return new Promise(function (resolve) { window.reportData[name] = value; resolve(true) }) }
</script>
<script defer>
Promise.allSettled([
${entries.join(',\n')}
]).then(function(){ window.reportDataReady = true })
</script>`
  return html.replace('</body>', `${loader}\n</body>`)
}

export function writeSingleFile(report: string, target: string, root: string, results: string, name: string, inject: (html: string) => string): 'from the folder' | 'generated again' {
  const single = singleFileFrom(report)
  if (single !== undefined) {
    writeFileSync(target, single)
    return 'from the folder'
  }
  const tmp = `${report}-single`
  allureGenerate(root, results, tmp, name, true)
  writeFileSync(target, inject(readFileSync(join(tmp, 'index.html'), 'utf8')))
  rmSync(tmp, { recursive: true, force: true })
  return 'generated again'
}
