@attended
Feature: Validation
  CCV group "Validation" for attended terminals: the unexpected, from the cardholder or the power.

  Two cards held to the reader at once, or a card left in the reader, must not break the payment or
  the next one. The terminal asks the cardholder what to do; the register shows those messages to
  the cashier and books every payment exactly once. A register that loses power in the middle of a
  payment wrote the payment down before asking the terminal, so on start-up it recovers the outcome.
  The expected results are our interpretation of CCV's case titles, not CCV's own text.

  Background:
    Given the checkout is ready for card payments

  Rule: Two cards in the contactless field make the terminal ask for one; the payment goes on

    @ccv:ATT-H1A @mastercard @visa @contactless
    Scenario: A cardholder holds a whole wallet to the reader, then taps one card
      Given the cardholder will hold a Mastercard card and a Visa card to the reader together, then tap the Mastercard card alone
      When the cashier takes a card payment of 10.00 EUR
      Then the cashier sees the terminal ask for one card only
      And the sale is closed as paid by card
      And the host has authorised 10.00 EUR exactly once, on the Mastercard card
      And the journal holds one approved payment of 10.00 EUR with the terminal's record

  Rule: A card left in the reader neither changes the last result nor loses the next payment

    @ccv:ATT-H1B @maestro @chip @pin
    Scenario: The card stays in the reader after a payment and the next payment still goes through
      Given the cardholder will insert a Maestro card, enter the correct PIN and leave the card in the reader
      And the cashier has taken a card payment of 10.00 EUR
      When the cashier takes the next card payment of 5.00 EUR
      Then the terminal asks for the card to be removed before it asks for the next one
      And the cashier sees both payments approved
      And the host has authorised 10.00 EUR and 5.00 EUR, each exactly once
      And the journal holds exactly the approved payments of 10.00 EUR and 5.00 EUR

  Rule: A payment survives the register losing power: recovered from the terminal and charged once

    @ccv:ATT-H2A @maestro @chip @pin @recovery
    Scenario: The register loses power during a 20.00 EUR payment and recovers it when switched on
      Given the cardholder will insert a Maestro card and enter the correct PIN
      When the register loses power while the payment of 20.00 EUR is being authorised and is switched on a minute later
      Then the payment was on record as in flight before it was sent
      And on start-up the register recovered it from the terminal before doing anything else
      And the sale is closed as paid by card
      And the receipt is printed as a copy and the journal holds the payment of 20.00 EUR once, approved
      And the host has authorised 20.00 EUR exactly once

    @ccv:ATT-H2A @maestro @chip @pin @recovery
    Scenario: After losing power mid-payment, the register never uses a request number again
      Given the cardholder will insert a Maestro card and enter the correct PIN
      And the cashier has taken card payments of 10.00 EUR and 12.00 EUR in the first shift
      And the register lost power while a payment of 20.00 EUR was being authorised, and was switched on a minute later
      When the cashier takes a card payment of 15.00 EUR
      Then every request that reached the terminal had a request number of its own, 4 of them card payments
      And the host has authorised 10.00 EUR, 12.00 EUR, 20.00 EUR and 15.00 EUR, each exactly once
