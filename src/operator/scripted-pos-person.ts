import { amountMessage } from '../integration/contract-mapping'
import { DriverCallFailed, type DriverClient } from '../integration/driver-client'
import type { OperationMessage } from '../integration/driver-contract'
import { journalText, linesText, messagesText, stateText, ticketsText } from '../integration/pos-testimony'
import { parseDecimal } from '../opi/money'
import type { PosAct, PosReading } from './pos-prompts'
import type { Operator, OperatorPrompt, OperatorReply } from './prompts'

export interface ScriptedPosPersonOptions {
  /** How long a person takes to act once asked. */
  reactionMs?: number
  /** Time between two presses when hammering a key (CCV F1D: ten presses within two seconds). */
  pressIntervalMs?: number
}

const NAME = 'scripted person at the POS (driver contract)'

/**
 * Plays the tester in manual mode, for CI: the hands and eyes of a cashier at a POS that happens to have
 * a driver contract. Action prompts are carried out with the driver's keys; reading prompts are answered
 * by looking at what the POS shows, printed and journaled (through the driver) and comparing it with
 * what the prompt states, as a person would: "done" when it matches, else what the POS showed instead.
 * It never reads the terminal or the prompt's expectation to decide what the POS did.
 */
export class ScriptedPosPerson implements Operator {
  readonly name = NAME
  /** The last thing the person started on the POS, whose end they wait for before reading its result. */
  private running?: OperationMessage
  /** How much the POS had shown, printed and journaled when the case began: the person reads only this case's part. */
  private baseline = { display: 0, printouts: 0, journal: 0 }

  constructor(private readonly driver: DriverClient, private readonly options: ScriptedPosPersonOptions = {}) {}

  async ask(prompt: OperatorPrompt, cancelled: AbortSignal): Promise<OperatorReply> {
    await pause(this.options.reactionMs ?? 50, cancelled)
    if (cancelled.aborted) return this.couldNot('the prompt was withdrawn before the person acted')
    try {
      if (prompt.action.do === 'on POS') return await this.act(prompt.action.pos)
      if (prompt.action.do === 'read POS') return await this.read(prompt.action.reading, cancelled)
      return this.couldNot('this person stands at the POS; the terminal and its cardholder are someone else\'s')
    } catch (error) {
      if (error instanceof DriverCallFailed) return this.couldNot(`the POS would not: ${error.message}`)
      throw error
    }
  }

  private async act(pos: PosAct): Promise<OperatorReply> {
    switch (pos.act) {
      case 'get ready': {
        const state = await this.driver.state()
        if (state.paymentRunning) return this.couldNot('the POS is still busy with a payment')
        this.running = undefined
        this.baseline = {
          display: (await this.driver.display()).messages.length, printouts: (await this.driver.printouts()).printouts.length, journal: (await this.driver.journal()).entries.length,
        }
        return this.done()
      }
      case 'open sale': await this.driver.openSale(amountMessage(pos.total)); return this.done()
      case 'pay by card': return this.started(await this.driver.startCardPayment({ ...amountMessage(pos.amount), ...(pos.part ? { part: true } : {}) }))
      case 'refund': return this.started(await this.driver.startRefund(amountMessage(pos.amount)))
      case 'reverse': return this.started(await this.driver.startReversal(pos.stan ? { stan: pos.stan } : {}))
      case 'press abort':
        for (let press = 0; press < pos.presses; press++) {
          if (press > 0) await pause(this.options.pressIntervalMs ?? 200, new AbortController().signal)
          await this.driver.pressAbort()
        }
        return this.done(pos.presses === 1 ? undefined : `pressed ${pos.presses} times`)
      case 'close period': return this.started(await this.driver.closePeriod())
      case 'reprint': return this.started(await this.driver.reprint())
      case 'check last transaction': return this.started(await this.driver.checkLastTransaction())
      // The driver's restart is the power loss and the start-up in one call: it begins at "off" ...
      case 'switch off': this.running = await this.driver.restart(); return this.done('the driver restarts the POS in one call: off now, on by itself')
      // ... and a person answers "on" once the POS is up again.
      case 'switch on':
        if (this.running?.kind !== 'restart') return this.couldNot('the POS was not switched off')
        this.running = await this.driver.concluded(this.running, 60_000)
        return this.done()
      case 'set printer': await this.driver.setPrinter(pos.printer, pos.condition); return this.done()
    }
  }

  private async read(reading: PosReading, cancelled: AbortSignal): Promise<OperatorReply> {
    switch (reading.read) {
      case 'conclusion': {
        if (!await this.untilConcluded(cancelled)) return this.couldNot('the POS is still working')
        return this.compare(reading.expected ? linesText(reading.expected) : undefined, await this.lastOwnMessage())
      }
      case 'recovered': {
        if (!await this.untilConcluded(cancelled)) return this.couldNot('the POS is still working')
        return this.running?.outcome ? this.compare(undefined, await this.lastOwnMessage()) : this.done()
      }
      case 'action result': {
        if (!await this.untilConcluded(cancelled)) return this.couldNot('the POS is still working')
        const outcome = this.running?.outcome
        return outcome?.status === 'succeeded' ? this.done() : this.compare(undefined, outcome?.reason ?? outcome?.status ?? 'no result')
      }
      case 'terminal messages':
        return this.compare(messagesText(reading.expected), messagesText((await this.driver.display()).messages.slice(this.baseline.display).filter((m) => m.source === 'terminal').map((m) => m.lines)))
      case 'printouts':
        return this.compare(ticketsText(reading.expected), ticketsText((await this.driver.printouts()).printouts.slice(this.baseline.printouts).map((p) => ({ printer: p.printer, lines: p.lines }))))
      case 'journal':
        return this.compare(journalText(reading.expected), journalText((await this.driver.journal()).entries.slice(this.baseline.journal).map((e) => ({
          requestType: e.requestType, amount: e.amount !== undefined ? parseDecimal(e.amount, e.currency ?? 'EUR') : undefined, result: e.result.replaceAll('-', ' '),
          approvalCode: e.approvalCode,
        }))))
      case 'state': {
        const state = await this.driver.state()
        return this.compare(stateText(reading.expected), stateText({
          paymentRunning: state.paymentRunning, saleOpen: state.saleOpen,
          leftToPay: state.leftToPay !== undefined ? parseDecimal(state.leftToPay, state.currency ?? 'EUR') : undefined,
        }))
      }
    }
  }

  /** Waits, as a person watching the POS would, until what they started has finished; false if withdrawn first. */
  private async untilConcluded(cancelled: AbortSignal): Promise<boolean> {
    while (this.running && this.running.state !== 'concluded') {
      if (cancelled.aborted) return false
      this.running = await this.driver.operation(this.running.id, 500)
    }
    return !cancelled.aborted
  }

  private async lastOwnMessage(): Promise<string> {
    const own = (await this.driver.display()).messages.slice(this.baseline.display).filter((m) => m.source === 'register').at(-1)
    return own ? linesText(own.lines) : 'nothing'
  }

  /** A person compares what they see with what they were told to expect. */
  private compare(expected: string | undefined, seen: string): OperatorReply {
    return expected !== undefined && seen === expected ? this.done('as stated') : { answer: 'done', by: NAME, observed: seen }
  }

  private started(operation: OperationMessage): OperatorReply {
    this.running = operation
    return this.done()
  }

  private done(note?: string): OperatorReply {
    return { answer: 'done', by: NAME, note }
  }

  private couldNot(note: string): OperatorReply {
    return { answer: 'could not', by: NAME, note }
  }
}

function pause(ms: number, cancelled: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => { clearTimeout(timer); resolve() }
    const timer = setTimeout(() => { cancelled.removeEventListener('abort', stop); resolve() }, ms)
    cancelled.addEventListener('abort', stop, { once: true })
  })
}
