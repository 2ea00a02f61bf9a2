import assert from 'node:assert/strict'
import { createServer, type IncomingMessage } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { startTerminalServer, type RunningTerminalServer } from '../../src/cli/terminal-server'
import { listenAt } from '../../src/link/listen'
import { describeEndpoint } from '../../src/link/transport'
import type { OperatorPrompt } from '../../src/operator/prompts'
import { ScriptedOperator } from '../../src/operator/scripted-operator'
import { TestCardRegistry } from '../../src/operator/test-card-registry'
import { cardProfile } from '../../src/terminal/cards'

const maestro = TestCardRegistry.load().card('maestro')
const present: OperatorPrompt = { kind: 'present card', instruction: 'Insert the Maestro card.', action: { do: 'present card', card: maestro, entry: 'chip' } }
const open = () => new AbortController().signal

describe('scripted operator on the simulated terminal\'s control channel', () => {
  let server: RunningTerminalServer
  let operator: ScriptedOperator

  before(async () => {
    server = await startTerminalServer({
      listen: { host: '127.0.0.1', port: 0 }, ecr: { host: '127.0.0.1', port: 1 }, dialect: 'nl', seed: 3,
      cardholder: false, cardholderDelayMs: 0, card: 'maestro', entry: 'chip', control: { host: '127.0.0.1', port: 0 }, hostLatencyMs: 10,
    }, () => undefined)
    operator = new ScriptedOperator({ controlUrl: `http://${describeEndpoint(server.controlEndpoint)}`, reactionMs: 0, patienceMs: 300 })
  })
  after(() => server.stop())

  it('does what a person would once the terminal asks: the card goes into the reader', async () => {
    const acting = operator.ask(present, open())
    server.terminal.face.show('present card', ['Present card'])
    const reply = await acting
    assert.deepEqual({ answer: reply.answer, card: server.terminal.face.cardInReader?.card.name }, { answer: 'done', card: cardProfile('Maestro').name })
    server.terminal.face.removeCard()
  })

  it('answers "could not" with the terminal\'s reason when the moment never comes', async () => {
    server.terminal.face.show('idle', ['Welcome'])
    const reply = await operator.ask({ kind: 'enter PIN', instruction: 'Enter the PIN.', action: { do: 'enter PIN', pin: 'correct', card: maestro } }, open())
    assert.equal(reply.answer, 'could not')
    assert.match(reply.note ?? '', /not asking for a PIN/)
  })

  it('puts a hand on the cable for the instant a payment arrives, says when it is back in, and tidies it', async () => {
    const reply = await operator.ask({ kind: 'cable', instruction: 'Take hold of the cable.', action: { do: 'pull cable', forMs: 300_000, when: 'payment starts' } }, open())
    assert.deepEqual([reply.answer, server.terminal.faults.linkDrop], ['done', { moment: 'payment started', forMs: 300_000 }])
    const cancel = new AbortController()
    const back = operator.ask({ kind: 'cable', instruction: 'Say when it is back.', action: { do: 'plug cable' } }, cancel.signal)
    setTimeout(() => cancel.abort(), 200)
    assert.equal((await back).answer, 'could not', 'a cable still waiting to be pulled is not back in')
    await operator.scenarioStarts()
    assert.deepEqual([server.terminal.faults.linkDrop, server.control.status().cableOut], [undefined, false])
    assert.equal((await operator.ask({ kind: 'cable', instruction: 'Say when it is back.', action: { do: 'plug cable' } }, open())).answer, 'done')
  })

  it('hangs the terminal when asked to keep it silent; the tidy-up power-cycles it', async () => {
    assert.equal((await operator.ask({ kind: 'terminal', instruction: 'Hang it.', action: { do: 'keep terminal silent' } }, open())).answer, 'done')
    assert.equal(server.control.status().hanging, true)
    await operator.scenarioStarts()
    assert.equal(server.control.status().hanging, false)
  })

  it('leaves the POS under test to the person at the POS (manual mode), saying so', async () => {
    const reply = await operator.ask({ kind: 'POS abort', instruction: 'Press your POS\'s abort key now.', action: { do: 'on POS', pos: { act: 'press abort', presses: 1 } } }, open())
    assert.deepEqual([reply.answer, reply.note], ['could not', 'the simulated terminal\'s control channel has no hands on the POS under test'])
  })

  it('occupies the terminal, frees it, and tidies a switched-off terminal back on before the next case', async () => {
    assert.equal((await operator.ask({ kind: 'terminal', instruction: 'Open the merchant menu.', action: { do: 'occupy terminal', with: 'its merchant menu' } }, open())).answer, 'done')
    assert.equal(server.terminal.faults.occupiedWith, 'its merchant menu')
    assert.equal((await operator.ask({ kind: 'terminal', instruction: 'Leave the menu.', action: { do: 'free terminal' } }, open())).answer, 'done')
    assert.equal(server.terminal.faults.occupiedWith, undefined)
    assert.equal((await operator.ask({ kind: 'power', instruction: 'Switch the terminal off.', action: { do: 'switch off' } }, open())).answer, 'done')
    assert.equal(server.control.status().poweredOn, false)
    await operator.scenarioStarts()
    assert.deepEqual([server.control.status().poweredOn, server.terminal.faults.occupiedWith], [true, undefined])
  })

  it('sends its bearer token and a Host header to a control channel that asks for them', async () => {
    const seen: IncomingMessage['headers'][] = []
    const fake = createServer((request, response) => { seen.push(request.headers); response.writeHead(200, { 'content-type': 'application/json' }); response.end('{"done":"ok"}') })
    const at = await listenAt(fake, { host: '127.0.0.1', port: 0 })
    try {
      const withToken = new ScriptedOperator({ controlUrl: `http://${describeEndpoint(at)}`, token: 's3cret', reactionMs: 0 })
      assert.equal((await withToken.ask({ kind: 'press Stop', instruction: 'Stop.', action: { do: 'press Stop' } }, open())).answer, 'done')
      assert.deepEqual([seen[0]?.authorization, seen[0]?.host], ['Bearer s3cret', describeEndpoint(at)])
    } finally {
      fake.closeAllConnections()
      await new Promise((resolve) => fake.close(resolve))
    }
  })
})
