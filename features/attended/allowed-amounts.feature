@attended
Feature: Allowed amounts
  CCV group "Allowed amounts" for attended terminals: which amounts the register lets through.

  The register checks every amount before it asks the terminal for anything. Zero, negative amounts
  and amounts above its configured maximum (99999.99 EUR by default) never reach the terminal; the
  maximum itself is charged exactly, to the cent. A register whose own check is broken gets no further:
  the terminal refuses zero and negative amounts itself and says which rule the amount breaks.
  The expected results are our interpretation of CCV's case titles, not CCV's own text.

  Background:
    Given the checkout is ready for card payments

  Rule: The register refuses amounts it may not charge, before the terminal hears of them

    @ccv:ATT-S1A @limits
    Scenario: A card payment of 0.00 EUR is refused by the register
      When the cashier takes a card payment of 0.00 EUR
      Then the register refuses it before anything reaches the terminal
      And the cashier is told why: "a card payment needs an amount above 0.00"
      And the sale stays open
      And nothing is printed or journaled
      And nothing is charged

    @ccv:ATT-S1B @limits
    Scenario: A card payment of -5.00 EUR is refused and the cashier is pointed to a refund
      When the cashier takes a card payment of -5.00 EUR
      Then the register refuses it before anything reaches the terminal
      And the cashier is told why: "a negative amount cannot be paid by card; give money back with a refund"
      And nothing is printed or journaled
      And nothing is charged

    @ccv:ATT-S1D @limits
    Scenario: A card payment of 100000.00 EUR, one cent over the maximum, is refused
      When the cashier takes a card payment of 100000.00 EUR
      Then the register refuses it before anything reaches the terminal
      And the cashier is told why: "the amount exceeds the maximum of 99999.99 EUR"
      And the sale stays open
      And nothing is printed or journaled
      And nothing is charged

  Rule: The maximum itself is allowed and charged exactly

    @ccv:ATT-S1C @maestro @chip @pin @limits @receipt @journal
    Scenario: A card payment of exactly the maximum, 99999.99 EUR, is charged to the cent
      Given the cardholder will insert a Maestro card and enter the correct PIN
      When the cashier takes a card payment of 99999.99 EUR
      Then the amount reaches the terminal written as "99999.99"
      And the sale is closed as paid by card
      And the cashier sees the result with the amount as "99999.99 EUR"
      And the customer receipt shows the amount as "EUR 99999.99"
      And the journal holds one approved payment of 99999.99 EUR with the terminal's record
      And the host has authorised 99999.99 EUR exactly once

  Rule: The terminal itself refuses what a faulty register lets through

    @ccv:ATT-S1A @limits
    Scenario: A faulty register's card payment of 0.00 EUR is refused by the terminal
      Given a faulty register at lane 2 that sends every amount as typed
      When the faulty register asks for a card payment of 0.00 EUR
      Then the terminal refuses it as invalid, saying "TotalAmount 0.00 EUR: an amount must be above zero"
      And nothing is charged

    @ccv:ATT-S1B @limits
    Scenario Outline: A faulty register's <request> of <amount> EUR is refused by the terminal
      Given a faulty register at lane 2 that sends every amount as typed
      When the faulty register asks for a <request> of <amount> EUR
      Then the terminal refuses it as invalid, saying "TotalAmount <amount> EUR: an amount cannot be negative (money back is a PaymentRefund of a positive amount)"
      And nothing is charged

      Examples:
        | request      | amount |
        | card payment | -5.00  |
        | card payment | -0.01  |
        | refund       | -5.00  |
