/**
 * Assertion messages in the words of the case: an amount reads `10.00 EUR`, not
 * `{ minor: 1000, currency: 'EUR' }`. The comparison itself is untouched; only what chai prints
 * for the expected and the actual value is rewritten.
 */
import { Assertion, util } from 'chai'
import { describeMoney, type Money } from '../opi/money'

function isMoney(v: unknown): v is Money {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const keys = Object.keys(v)
  return keys.length === 2 && typeof (v as Money).minor === 'number' && typeof (v as Money).currency === 'string'
}

/** The value as a reader of the case would write it: amounts as text, everything else as it is. */
export function inCaseWords(value: unknown, depth = 0): unknown {
  if (depth > 8) return value
  if (isMoney(value)) return describeMoney(value)
  if (Array.isArray(value)) return value.map((v) => inCaseWords(v, depth + 1))
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inCaseWords(v, depth + 1)]))
  }
  return value
}

type AssertFn = (this: object, expression: unknown, message: unknown, negatedMessage: unknown, expected?: unknown, actual?: unknown, showDiff?: boolean) => void
const PATCHED = Symbol.for('ccv-certification/case-words')

/** Makes every chai assertion print amounts in words; idempotent. */
export function speakInCaseWords(): void {
  const proto = Assertion.prototype as unknown as { assert: AssertFn; [PATCHED]?: true }
  if (proto[PATCHED]) return
  const original = proto.assert
  proto.assert = function (this: object, ...args: Parameters<AssertFn>) {
    const subject: unknown = util.flag(this, 'object')
    util.flag(this, 'object', inCaseWords(subject))
    if (args.length > 3) args[3] = inCaseWords(args[3])
    if (args.length > 4) args[4] = inCaseWords(args[4])
    try {
      original.apply(this, args)
    } finally {
      util.flag(this, 'object', subject)
    }
  }
  proto[PATCHED] = true
}
