@attended
Feature: Optional
  CCV group "Optional" for attended terminals: automatic recovery, checks the cashier makes for the
  host (signature, identification), failed payments and a bill split over several cards.

  The terminal asks the cashier its questions through the register; the cashier answers as the
  scenario says, and the terminal decides. The expected results are our interpretation of CCV's case
  titles, not CCV's own text.

  Background:
    Given the checkout is ready for card payments

  Rule: After a lost answer the register settles the payment by itself before anything new starts

    @ccv:ATT-T1A @maestro @chip @pin @recovery
    Scenario Outline: The register recovers by itself a payment whose answer the link lost for <seconds> seconds, and holds the next one until it knows
      Given the cardholder will insert a Maestro card and enter the correct PIN
      And the link to the terminal will drop for <seconds> seconds just before the terminal answers
      When the cashier takes a card payment of 20.00 EUR and at once starts the next sale of 5.00 EUR
      Then the register asked the terminal to repeat its last answer before it started the next payment
      And the first sale is closed as paid, with its receipt printed and journaled once
      And the next payment was held until the first was settled, never sent alongside it
      And the host has authorised 20.00 EUR and 5.00 EUR, each exactly once

      Examples: the register asks 4 times, 10 seconds apart
        | seconds |
        | 20      |
        | 35      |

    @ccv:ATT-T1A @maestro @chip @pin @recovery
    Scenario: The terminal's answer to a 20.00 EUR payment arrives garbled; the register recovers it by itself
      Given the cardholder will insert a Maestro card and enter the correct PIN
      And noise on the cable will garble the terminal's answer to the next payment on its way to the register
      When the cashier takes a card payment of 20.00 EUR and at once starts the next sale of 5.00 EUR
      Then the register asked the terminal to repeat its last answer before it started the next payment
      And the first sale is closed as paid, with its receipt printed and journaled once
      And the next payment was held until the first was settled, never sent alongside it
      And the host has authorised 20.00 EUR and 5.00 EUR, each exactly once

  Rule: The cashier checks identity and signature when the host asks; any refusal cancels the payment

    CCV's test host asks for identification at 50.02 EUR, a signature at 50.01 EUR and both at 50.03 EUR.

    @ccv:ATT-U1A @maestro @chip @pin
    Scenario Outline: The cashier <answers> the cardholder's identification when the host asks for it
      Given the cardholder will insert a Maestro card and enter the correct PIN
      And the cashier will <answer> the identification
      When the cashier takes a card payment of 50.02 EUR
      Then the cashier was asked to check the identification, and the question stayed on screen until answered
      And the cashier's answers went back to the terminal
      And the payment ends <end>

      Examples:
        | answers  | answer | end                                                   |
        | accepts  | accept | approved, printed and journaled once                  |
        | refuses  | refuse | cancelled, with nothing charged and one journal entry |

    @ccv:ATT-U1A @maestro @chip @pin
    Scenario: An identification question left unanswered ends the payment by the terminal's own timeout
      Given the cardholder will insert a Maestro card and enter the correct PIN
      And the cashier will leave the identification question unanswered
      When the cashier takes a card payment of 50.02 EUR
      Then the register never answered the question by itself
      And the payment ends cancelled, with nothing charged and one journal entry

    @ccv:ATT-U1B @maestro @chip @pin @signature @receipt
    Scenario Outline: The cashier <answers> the signature when the host asks for one
      Given the cardholder will insert a Maestro card and enter the correct PIN
      And the cashier will <answer> the signature
      When the cashier takes a card payment of 50.01 EUR
      Then the merchant copy with a signature line was printed before the cashier was asked to check the signature
      And the cashier's answers went back to the terminal
      And the payment ends <end>

      Examples:
        | answers  | answer | end                                                          |
        | accepts  | accept | approved, and the cashier is reminded to keep the signed copy |
        | rejects  | refuse | cancelled, and the cashier is told to inform the customer     |

    @ccv:ATT-U1C @maestro @chip @pin @signature @receipt
    Scenario Outline: The cashier <answers> when the host asks for both signature and identification
      Given the cardholder will insert a Maestro card and enter the correct PIN
      And the cashier will <signature> the signature
      And the cashier will <identification> the identification
      When the cashier takes a card payment of 50.03 EUR
      Then the questions were asked one at a time, signature first, each answered separately
      And the cashier's answers went back to the terminal
      And the payment ends <end>

      Examples:
        | answers                       | signature | identification | end                                                   |
        | accepts both                  | accept    | accept         | approved, printed and journaled once                  |
        | refuses the identification    | accept    | refuse         | cancelled, with nothing charged and one journal entry |
        | rejects the signature         | refuse    | accept         | cancelled, with nothing charged and one journal entry |

  Rule: A failed payment never produces anything that looks like a paid receipt

    @ccv:ATT-U1D @maestro @chip @receipt
    Scenario Outline: A payment that <how> prints no paid receipt and leaves the sale unpaid
      Given the cardholder will <cardholder>
      When the cashier takes a card payment of <amount>
      Then no printed ticket shows the payment as approved, and every ticket printed is the terminal's own, unchanged
      And the cashier sees the payment as <shown>
      And the sale stays unpaid and the journal records the failed attempt
      And nothing is charged

      Examples:
        | how                    | cardholder                                      | amount    | shown     |
        | the host declines      | insert a Maestro card and enter the correct PIN | 50.05 EUR | declined  |
        | the cardholder stops   | press Stop instead of presenting a card         | 10.00 EUR | cancelled |

  Rule: A bill can be split over several card payments and closes only when fully paid

    @ccv:ATT-U1E @maestro @visa @mastercard @chip @pin @receipt @journal
    Scenario: A 50.00 EUR bill is paid in parts, surviving a declined part and a part that is too large
      When the cashier splits a bill of 50.00 EUR over these card payments:
        | card       | amount    | issuer   |
        | Maestro    | 30.00 EUR | approves |
        | Visa       | 25.00 EUR | approves |
        | Visa       | 20.00 EUR | declines |
        | Mastercard | 20.00 EUR | approves |
      Then the register refused the part larger than what was left to pay, before asking the terminal
      And each other part was a separate payment for exactly its amount
      And after each part the cashier saw what was left to pay:
        | part | left to pay |
        | 1    | 20.00 EUR   |
        | 3    | 20.00 EUR   |
        | 4    | 0.00 EUR    |
      And the bill closed only after the last part
      And each part has its own receipt and journal entry: approved, declined, approved
      And the host has authorised 30.00 EUR and 20.00 EUR, each exactly once
