@attended
Feature: Reprint ticket
  CCV group "Reprint ticket" for attended terminals: getting a ticket again, on request or when the
  register's printer could not print it the first time.

  A reprint comes from the terminal, marked as a copy, and is never a new payment. A ticket the
  printer could not print is owed: the terminal refuses the next payment until it has been printed.
  The expected results are our interpretation of CCV's case titles, not CCV's own text.

  Background:
    Given the checkout is ready for card payments
    And the cardholder will insert a Maestro card and enter the correct PIN

  Rule: A reprint is the same ticket marked as a copy, and no money moves

    @ccv:ATT-L1A @maestro @chip @pin @receipt
    Scenario: The cashier reprints the ticket of an approved payment as a marked copy
      Given the cashier has taken a card payment of 12.00 EUR
      When the cashier reprints the last ticket
      Then the reprint is the customer receipt of 12.00 EUR again, marked as a copy
      And no new payment is started and no money moves
      And the host has authorised 12.00 EUR exactly once

    @ccv:ATT-L1B @maestro @chip @pin @receipt
    Scenario: The reprint of a declined payment is a marked copy that still says declined
      Given the cashier has taken a card payment of 50.05 EUR
      When the cashier reprints the last ticket
      Then the reprint is the customer receipt of 50.05 EUR again, marked as a copy
      And the reprint still says declined and the sale stays unpaid
      And no new payment is started and no money moves
      And nothing is charged

  Rule: A ticket the printer could not print is printed before the next payment starts

    @ccv:ATT-L2A @maestro @chip @pin @receipt
    Scenario Outline: The ticket of an approved payment follows once the printer, <state> before, works again
      Given the receipt printer is <state>
      And the cashier has taken a card payment of 16.00 EUR
      And the receipt printer works again
      When the cashier takes a card payment of 5.00 EUR
      Then the register told the terminal its printer was <state> and told the cashier the receipt will follow
      And the owed ticket of 16.00 EUR is printed as a copy before the next payment starts
      And the journal holds the payment of 16.00 EUR once, approved
      And the host has authorised 16.00 EUR and 5.00 EUR, each exactly once

      Examples:
        | state        |
        | out of paper |
        | switched off |

    @ccv:ATT-L2A @maestro @chip @pin @receipt
    Scenario: The receipt printer jams half way through the ticket of 16.00 EUR; the ticket follows before the next payment
      Given the receipt printer will jam half way through its next ticket
      And the cashier has taken a card payment of 16.00 EUR
      When the cashier takes a card payment of 5.00 EUR
      Then the register told the terminal that the customer ticket of the first payment did not print
      And the owed ticket of 16.00 EUR is printed as a copy before the next payment starts
      And the journal holds the payment of 16.00 EUR once, approved
      And the host has authorised 16.00 EUR and 5.00 EUR, each exactly once

    @ccv:ATT-L2B @maestro @chip @pin @receipt
    Scenario: The ticket of a declined payment follows once the printer has paper again and still says declined
      Given the receipt printer is out of paper
      And the cashier has taken a card payment of 50.05 EUR
      And the receipt printer works again
      When the cashier takes a card payment of 5.00 EUR
      Then the register told the terminal its printer was out of paper and told the cashier the receipt will follow
      And the owed ticket of 50.05 EUR is printed as a copy before the next payment starts
      And the journal holds the payment of 50.05 EUR once, declined
      And the host has authorised 5.00 EUR exactly once

    @ccv:ATT-L2A @maestro @chip @pin @receipt
    Scenario: A receipt printer low on paper is still available: the ticket of 16.00 EUR prints at once and nothing is owed
      Given the receipt printer is low on paper
      When the cashier takes a card payment of 16.00 EUR
      Then the register told the terminal its printer was low on paper and printed the receipt at once
      And the register's own messages to the cashier read "Payment approved | 16.00 EUR", in that order
      And the host has authorised 16.00 EUR exactly once

  Rule: The cashier is told whether the reprint came

    @ccv:ATT-L1A @maestro @chip @pin @receipt
    Scenario: The cashier is told the ticket of a 12.00 EUR payment was reprinted
      Given the cashier has taken a card payment of 12.00 EUR
      When the cashier reprints the last ticket
      Then the register's own messages to the cashier read "Payment approved | 12.00 EUR / Ticket reprinted", in that order
