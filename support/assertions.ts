import { config } from 'chai'
import { speakInCaseWords } from '../src/report/case-words'

// A failing case must say in full what the register did against what CCV expects; chai shortens by default.
config.truncateThreshold = 0
// ... and say it in the case's words: amounts as 10.00 EUR (src/report/case-words.ts).
speakInCaseWords()
