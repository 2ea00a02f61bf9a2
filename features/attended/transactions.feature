@attended
Feature: Transactions
  CCV group "Transactions" for attended terminals: card payments at a staffed checkout.

  The cashier rings up a sale and chooses card. The cash register (ECR) asks the CCV terminal to
  charge the amount, shows the cashier every message the terminal sends, prints the tickets the
  terminal hands it, keeps a journal of every transaction, and tells the cashier how it ended.
  The expected results are our interpretation of CCV's case titles, not CCV's own text.

  Background:
    Given the checkout is ready for card payments

  Rule: An approved payment closes the sale and is printed, journaled and charged once

    @ccv:ATT-C1A @maestro @chip @pin @receipt @journal
    Scenario: A cardholder pays 10.00 EUR with a chip card and PIN
      Given the cardholder will insert a Maestro card and enter the correct PIN
      When the cashier takes a card payment of 10.00 EUR
      Then the terminal is asked to charge exactly 10.00 EUR
      And the cashier sees every message the terminal sends, in order
      And the sale is closed as paid by card
      And the customer receipt and the merchant copy are printed as the terminal sent them
      And the journal holds one approved payment of 10.00 EUR with the terminal's record
      And the host has authorised 10.00 EUR exactly once

  Rule: A payment the host declines leaves the sale open and charges nothing

    CCV's test host declines every payment of 50.05 EUR, so the bench and the simulation set up a
    decline the same way: by charging that amount.

    @ccv:ATT-C1E-DECLINED @maestro @chip @pin @receipt @journal
    Scenario: The host declines a 50.05 EUR chip payment
      Given the cardholder will insert a Maestro card and enter the correct PIN
      When the cashier takes a card payment of 50.05 EUR
      Then the sale stays open, with the payment shown as declined and why
      And the cashier sees every message the terminal sends, in order
      And only the tickets the terminal sent are printed, unchanged
      And the journal holds one declined payment of 50.05 EUR
      And nothing is charged
