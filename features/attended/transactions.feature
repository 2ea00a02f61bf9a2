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

    @ccv:ATT-C1A @maestro @chip @pin @receipt @journal
    Scenario: The terminal approves only the 30.00 EUR a card can cover of 50.00 EUR; 20.00 EUR stays to pay
      Given the terminal approves part of an amount when a card cannot cover all of it
      And the cardholder's Maestro card has 30.00 EUR available
      And the cardholder will insert a Maestro card and enter the correct PIN
      When the cashier takes a card payment of 50.00 EUR
      Then the cashier sees the result with the amount as "30.00 EUR"
      And the sale stays open with 20.00 EUR still to pay, 30.00 EUR of it paid by card
      And the journal holds the payment of 30.00 EUR once, approved
      And the host has authorised 30.00 EUR exactly once

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

  Rule: A contactless payment up to the limit needs no PIN and is handled like any other card payment

    @ccv:ATT-C1B @maestro @contactless @limits @receipt @journal
    Scenario: A cardholder taps a card to pay 10.00 EUR without a PIN
      Given the cardholder will tap a Maestro card
      When the cashier takes a card payment of 10.00 EUR
      Then the terminal is asked to charge exactly 10.00 EUR
      And the cardholder is never asked for a PIN
      And the sale is closed as paid by card
      And the customer receipt shows the card was tapped
      And the journal holds one approved payment of 10.00 EUR with the terminal's record
      And the host has authorised 10.00 EUR exactly once

  Rule: A swiped card pays with the verification the terminal asks for

    Our swiped test cards are verified by PIN, so no signature step appears; the signature flow is
    the subject of the optional cases.

    @ccv:ATT-C1D @mastercard @magstripe @pin @receipt @journal
    Scenario: A cardholder swipes a card and enters the PIN to pay 10.00 EUR
      Given the cardholder will swipe a Mastercard card and enter the correct PIN
      When the cashier takes a card payment of 10.00 EUR
      Then the sale is closed as paid by card
      And the cardholder is asked for a PIN and never for a signature
      And the customer receipt shows the card was swiped
      And the customer receipt and the merchant copy are printed as the terminal sent them
      And the journal holds one approved payment of 10.00 EUR with the terminal's record
      And the host has authorised 10.00 EUR exactly once

  Rule: A payment the cardholder cancels at the terminal is shown as cancelled and charges nothing

    @ccv:ATT-C1E-ABORTED @maestro @chip @pin @abort
    Scenario: The cardholder presses Stop at the PIN prompt
      Given the cardholder will insert a Maestro card and press Stop instead of entering the PIN
      When the cashier takes a card payment of 10.00 EUR
      Then the sale stays open, with the payment shown as cancelled by the customer
      And the register sends no abort of its own
      And no approval receipt is printed
      And the journal holds one cancelled payment of 10.00 EUR
      And nothing is charged
      And the terminal accepts the next card payment of 1.00 EUR

  Rule: Amounts reach the terminal as plain decimals, without thousands separators

    @ccv:ATT-C1F @maestro @chip @pin @receipt
    Scenario Outline: A sale of <amount> EUR is charged as "<amount>"
      Given the cardholder will insert a Maestro card and enter the correct PIN
      When the cashier takes a card payment of <amount> EUR
      Then the amount reaches the terminal written as "<amount>"
      And the cashier sees the result with the amount as "<amount> EUR"
      And the customer receipt shows the amount as "EUR <amount>"
      And the host has authorised <amount> EUR exactly once

      Examples: just below, at and above the first thousands
        | amount   |
        | 999.99   |
        | 1000.00  |
        | 1234.56  |
        | 10000.00 |

  Rule: The cashier sees every terminal message at once, in order, and nothing stale after the result

    @ccv:ATT-C1G @maestro @chip @pin
    Scenario: The cashier follows a chip and PIN payment on the register's display
      Given the cardholder will insert a Maestro card and enter the correct PIN
      When the cashier takes a card payment of 10.00 EUR
      Then the cashier sees every message the terminal sends, in order
      And every terminal message is on the cashier's display the moment it arrives
      And the register's own result replaces the terminal's last message

    @ccv:ATT-C1G @maestro @chip @pin @receipt @journal
    Scenario Outline: A terminal that <writes> is followed on the display all the same, and its tickets are kept as sent
      Given the cardholder will insert a Maestro card and enter the correct PIN
      And the terminal <writes>
      When the cashier takes a card payment of 10.00 EUR
      Then the cashier sees every message the terminal sends, in order
      And every terminal message is on the cashier's display the moment it arrives
      And the customer receipt and the merchant copy are printed as the terminal sent them
      And the journal holds one approved payment of 10.00 EUR with the terminal's record

      Examples:
        | writes                                                                     |
        | numbers its messages to the register with a plain counter, not per payment |
        | writes the lines of each message last row first                            |
