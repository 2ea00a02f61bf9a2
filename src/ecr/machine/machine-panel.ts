import { withTimeout, type Clock } from '../../clock/clock'

/** What the machine's own screen asks the cardholder for. */
export type MachinePrompt = 'idle' | 'choose device' | 'choose product' | 'choose quantity' | 'confirm' | 'follow the terminal' | 'e-mail address' | 'receipt code'

/** The cardholder pressed Cancel on the machine. */
export class SelectionCancelled extends Error {
  constructor() {
    super('the cardholder pressed Cancel on the machine')
    this.name = 'SelectionCancelled'
  }
}

type Waiter = { resolve: (entry: string) => void; reject: (error: Error) => void }

/**
 * The machine's touch screen and keypad, the cardholder's side of the machine controller: it asks
 * for a choice and waits for it; a cardholder (a script in simulation) reads the prompt and acts.
 */
export class MachinePanel {
  prompt: MachinePrompt = 'idle'
  language: string
  /** The card brands on the screen's logo strip, as the terminal listed them. */
  acceptedCards: string[] = []
  private waiter?: Waiter
  private readonly promptListeners: ((prompt: MachinePrompt) => void)[] = []
  private readonly stopListeners: ((deviceId: string) => void)[] = []
  private readonly payListeners: (() => void)[] = []
  private readonly stopWithCardListeners: (() => void)[] = []
  private readonly nextCustomerListeners: (() => void)[] = []

  constructor(private readonly clock: Clock, readonly defaultLanguage: string, private readonly languages: readonly string[]) {
    this.language = defaultLanguage
  }

  onPrompt(listener: (prompt: MachinePrompt) => void): void {
    this.promptListeners.push(listener)
  }

  onStop(listener: (deviceId: string) => void): void {
    this.stopListeners.push(listener)
  }

  onPay(listener: () => void): void {
    this.payListeners.push(listener)
  }

  /** The screen is free for the next cardholder in line (not after a "stop with card", which serves nobody new). */
  onNextCustomer(listener: () => void): void {
    this.nextCustomerListeners.push(listener)
  }

  onStopWithCard(listener: () => void): void {
    this.stopWithCardListeners.push(listener)
  }

  // ---- the cardholder's side

  /** "Stop my session": the cardholder then shows the card the session was paid with. */
  pressStopWithCard(): void {
    for (const listener of this.stopWithCardListeners) listener()
  }

  /** The Pay/Start key, pressed with or without a choice made. */
  pressPay(): void {
    for (const listener of this.payListeners) listener()
  }

  choose(entry: string): void {
    this.waiter?.resolve(entry)
    this.waiter = undefined
  }

  cancel(): void {
    this.waiter?.reject(new SelectionCancelled())
    this.waiter = undefined
  }

  /** A language flag on the screen; languages the machine does not offer do nothing. */
  selectLanguage(code: string): void {
    if (this.languages.includes(code)) this.language = code
  }

  /** The Stop key beside a charger or pump. */
  pressStop(deviceId: string): void {
    for (const listener of this.stopListeners) listener(deviceId)
  }

  // ---- the machine's side

  show(prompt: MachinePrompt): void {
    this.prompt = prompt
    for (const listener of this.promptListeners) listener(prompt)
  }

  showAcceptedCards(names: string[]): void {
    this.acceptedCards = [...names]
  }

  /** Shows `prompt` and waits for the cardholder's entry; Cancel and the timeout end the wait. */
  ask(prompt: MachinePrompt, timeoutMs: number): Promise<string> {
    const entry = new Promise<string>((resolve, reject) => { this.waiter = { resolve, reject } })
    this.show(prompt)
    return withTimeout(this.clock, entry, timeoutMs, `the cardholder's choice at "${prompt}"`).finally(() => { this.waiter = undefined })
  }

  /** The next cardholder starts in the default language. */
  reset(): void {
    this.language = this.defaultLanguage
    this.show('idle')
    for (const listener of this.nextCustomerListeners) listener()
  }
}
