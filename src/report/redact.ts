/**
 * Card numbers must never reach a log, attachment or report unmasked. Terminals mask them, but not all
 * do, so every text bound for the report passes through here.
 */
const CANDIDATE = /(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g

function passesLuhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** Masks every 13-19 digit card number (Luhn-valid) except its last four digits. */
export function redactCardNumbers(text: string): string {
  return text.replace(CANDIDATE, (match) => {
    const digits = match.replace(/[ -]/g, '')
    if (!passesLuhn(digits)) return match
    return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`
  })
}
