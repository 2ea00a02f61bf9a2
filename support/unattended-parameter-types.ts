import { defineParameterType } from '@cucumber/cucumber'

/** Languages the machine offers, as a cardholder names them; the value is the two-letter code. */
const LANGUAGES: Record<string, string> = { English: 'en', Dutch: 'nl', German: 'de', French: 'fr' }

defineParameterType({
  name: 'language',
  regexp: new RegExp(Object.keys(LANGUAGES).join('|')),
  transformer: (name: string) => LANGUAGES[name],
})
