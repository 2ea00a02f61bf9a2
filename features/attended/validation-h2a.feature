@attended
Feature: Validation
  CCV group "Validation" for attended terminals, the power-loss case: the register dies in the middle
  of a payment and must find out what happened when it comes back.

  The register writes the payment down before asking the terminal, so a register that lost all its
  memory still knows what was in flight; on start-up it recovers the outcome from the terminal. The
  expected results are our interpretation of CCV's case titles, not CCV's own text.

  Background:
    Given the checkout is ready for card payments
    And the cardholder will insert a Maestro card and enter the correct PIN

  Rule: A payment survives the register losing power: recovered from the terminal and charged once

    @ccv:ATT-H2A @maestro @chip @pin @recovery
    Scenario: The register loses power during a 20.00 EUR payment and recovers it when switched on
      When the register loses power while the payment of 20.00 EUR is being authorised and is switched on a minute later
      Then the payment was on record as in flight before it was sent
      And on start-up the register recovered it from the terminal before doing anything else
      And the sale is closed as paid by card
      And the receipt is printed as a copy and the journal holds the payment of 20.00 EUR once, approved
      And the host has authorised 20.00 EUR exactly once
