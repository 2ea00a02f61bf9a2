import { defineParameterType } from '@cucumber/cucumber'
import { MIFARE_CARDS } from '../src/terminal/cards'

/** Mifare subscription and fleet cards, by the name a tester uses: "fleet card 1". */
defineParameterType({
  name: 'mifareCard',
  regexp: new RegExp(Object.keys(MIFARE_CARDS).join('|')),
  transformer: (name: string) => MIFARE_CARDS[name],
})

/** Languages the machine offers, as a cardholder names them; the value is the two-letter code. */
const LANGUAGES: Record<string, string> = { English: 'en', Dutch: 'nl', German: 'de', French: 'fr' }

defineParameterType({
  name: 'language',
  regexp: new RegExp(Object.keys(LANGUAGES).join('|')),
  transformer: (name: string) => LANGUAGES[name],
})
