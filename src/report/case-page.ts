/**
 * What the top of each case's page in the report shows: the catalogue entry as readable text, then
 * the evidence (conversation, displays, receipts, journal), so nothing is a click deep.
 */
import { caseLabel, INTERPRETATION_NOTICE, TERMINAL_TITLES, type CatalogueCase } from '../catalogue/catalogue'
import { escapeHtml as h } from './html'
import { redactCardNumbers } from './redact'

export interface EvidenceItem {
  title: string
  text: string
}

// Inline styles: Allure's page resets headings and lists, and may drop <style> from a description.
const LIST = 'style="margin:2px 0 8px;padding-left:22px;list-style:%s"'
const HEAD = 'style="font-size:16px;font-weight:600;margin:4px 0 6px"'
const P = 'style="margin:4px 0"'
const list = (items: readonly string[], tag: 'ul' | 'ol') =>
  (items.length ? `<${tag} ${LIST.replace('%s', tag === 'ul' ? 'disc' : 'decimal')}>${items.map((i) => `<li>${h(i)}</li>`).join('')}</${tag}>` : `<p ${P}>none</p>`)

export function catalogueEntryHtml(c: CatalogueCase): string {
  return [
    `<h3 ${HEAD}>CCV ${h(c.id)} · ${h(caseLabel(c))}</h3>`,
    `<p ${P}>${h(TERMINAL_TITLES[c.terminal])} › ${h(c.groupTitle)} · <a href="${h(c.url)}" target="_blank" rel="noopener">CCV's page</a>${c.urlConfirmed ? '' : ' (address inferred)'}</p>`,
    `<p ${P}><em>${h(INTERPRETATION_NOTICE)}</em></p>`,
    `<p ${P}><strong>Purpose:</strong> ${h(c.purpose)}</p>`,
    `<p ${P}><strong>Preconditions:</strong></p>${list(c.preconditions, 'ul')}`,
    `<p ${P}><strong>Steps:</strong></p>${list(c.steps, 'ol')}`,
    `<p ${P}><strong>Expected results:</strong></p>${list(c.expected, 'ul')}`,
    `<p ${P}><strong>Basis:</strong> ${h(c.basis)}</p>`,
  ].join('\n')
}

export function evidenceHtml(items: readonly EvidenceItem[]): string {
  if (items.length === 0) return ''
  return `<h3 ${HEAD}>Evidence</h3>\n` + items.map((e) =>
    `<details open style="margin:4px 0"><summary style="cursor:pointer"><strong>${h(e.title)}</strong></summary><pre style="max-height:420px;overflow:auto;white-space:pre-wrap;background:#f6f8fa;border:1px solid #e3e6ea;padding:6px 8px;font-size:12px;margin:4px 0 8px">${h(redactCardNumbers(e.text))}</pre></details>`,
  ).join('\n')
}
