import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { describe, it } from 'node:test'
import { ConsoleOperator } from '../../src/operator/console-operator'
import type { OperatorPrompt } from '../../src/operator/prompts'

const READ: OperatorPrompt = { kind: 'POS reading', instruction: 'Does your POS show "Payment approved / 10.00 EUR"?', action: { do: 'read POS', reading: { read: 'conclusion', of: 'the payment', expected: ['Payment approved', '10.00 EUR'] } } }
const ACT: OperatorPrompt = { kind: 'POS action', instruction: 'Close the period on your POS.', action: { do: 'on POS', pos: { act: 'close period' } } }

/** A person types each line once the console asks for an answer, as at a real console. */
async function answer(prompt: OperatorPrompt, ...lines: string[]) {
  const input = new PassThrough()
  const output = new PassThrough()
  let printed = ''
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString()
    if (chunk.toString().includes('answer [')) input.write(`${lines.shift() ?? ''}\n`)
  })
  const reply = await new ConsoleOperator('Jane', input, output).ask(prompt, AbortSignal.timeout(5_000))
  input.end()
  return { reply, printed }
}

describe('the console operator in manual mode', () => {
  it('takes "o" and what the POS showed as a reading that differs from the prompt', async () => {
    const { reply, printed } = await answer(READ, 'o Payment declined / Card declined')
    assert.deepEqual(reply, { answer: 'done', by: 'Jane', observed: 'Payment declined / Card declined' })
    assert.match(printed, />>> POS READING: Does your POS show "Payment approved \/ 10\.00 EUR"\?\n {4}answer \[d\]one \(it showed that\) \/ \[o\]ther <what it showed>/)
  })

  it('offers "o" only for readings, so an action answered "o" is asked again', async () => {
    const { reply, printed } = await answer(ACT, 'o it is closed', 'd')
    assert.deepEqual(reply, { answer: 'done', by: 'Jane', note: undefined })
    assert.match(printed, /"o it is closed" is not an answer; type d, c or s/)
  })
})
