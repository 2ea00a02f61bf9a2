import 'allure-cucumberjs' // registers the runtime that allure-js-commons calls need (stack recipe, P5)
import { Before } from '@cucumber/cucumber'
import * as allure from 'allure-js-commons'
import { caseLabel, CCV_TAG, getCase, INTERPRETATION_NOTICE, TERMINAL_TITLES } from '../src/catalogue/catalogue'
import type { CertificationWorld } from './world'

/**
 * Files every scenario under its CCV case: epic = terminal type, feature = CCV group (the Feature's
 * name), story = case title, a link to CCV's page, and the expected results we hold it to.
 */
Before({ name: 'file the scenario under its CCV case' }, async function (this: CertificationWorld, { pickle }) {
  const ids = pickle.tags.map((t) => CCV_TAG.exec(t.name)?.[1]).filter((id): id is string => id !== undefined)
  if (ids.length !== 1) throw new Error(`scenario "${pickle.name}" must carry exactly one @ccv:<ID> tag, found ${ids.length}`)
  const entry = getCase(ids[0])
  await allure.epic(TERMINAL_TITLES[entry.terminal])
  await allure.story(caseLabel(entry))
  await allure.label('ccvCase', entry.id)
  await allure.link(entry.url, `CCV ${entry.id}: ${entry.title}${entry.urlConfirmed ? '' : ' (address inferred)'}`, 'tms')
  await allure.attachment('CCV case and expected results (interpretation).txt', [
    `# ${entry.id} · ${caseLabel(entry)}`,
    '',
    `> ${INTERPRETATION_NOTICE}`,
    '',
    `**Purpose:** ${entry.purpose}`,
    '',
    '**Expected results:**',
    ...entry.expected.map((e) => `- ${e}`),
    '',
    `**Basis:** ${entry.basis}`,
  ].join('\n'), 'text/plain')
})
