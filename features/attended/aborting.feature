@attended
Feature: Aborting
  CCV group "Aborting" for attended terminals: the cashier cancels a running card payment.

  The cashier may press Abort on the register while the terminal runs a payment. The register asks
  the terminal to abort once, however often the key is pressed. Before the terminal has asked the
  host, the payment ends cancelled; after that point the abort is refused and the payment completes.
  The expected results are our interpretation of CCV's case titles, not CCV's own text.

  Background:
    Given the checkout is ready for card payments

  Rule: An abort before the card is read cancels the payment and charges nothing

    @ccv:ATT-F1A @abort @journal
    Scenario: The cashier cancels a payment while the terminal waits for the card
      When the cashier takes a card payment of 12.00 EUR and presses Abort once the terminal asks for the card
      Then the register sends exactly one abort, which the terminal accepts
      And the sale stays open, with the payment shown as cancelled by the cashier
      And only the tickets the terminal sent are printed, unchanged
      And no approval receipt is printed
      And the journal holds one cancelled payment of 12.00 EUR
      And nothing is charged
      And the terminal accepts the next card payment of 1.00 EUR

  Rule: An abort after the host was asked is refused, and the register accepts the approval

    @ccv:ATT-F1B @maestro @chip @pin @abort @receipt
    Scenario: A late abort is refused and the approved payment stands
      Given the cardholder will insert a Maestro card and enter the correct PIN
      When the cashier takes a card payment of 15.00 EUR and presses Abort once the terminal is authorising
      Then the register sends exactly one abort, which the terminal refuses
      And the sale is closed as paid by card
      And the cashier never sees the payment as cancelled
      And the customer receipt and the merchant copy are printed as the terminal sent them
      And the host has authorised 15.00 EUR exactly once
      And the register neither reverses nor repeats the payment

  Rule: However often the cashier presses Abort, one abort goes to the terminal

    @ccv:ATT-F1D @abort
    Scenario: The cashier hammers Abort ten times and the payment is cancelled once
      When the cashier takes a card payment of 12.00 EUR and presses Abort 10 times once the terminal asks for the card
      Then the register sends exactly one abort, which the terminal accepts
      And the sale stays open, with the payment shown as cancelled by the cashier
      And the cashier is told the result once
      And the register is left with no payment and no abort outstanding
      And no approval receipt is printed
      And the journal holds one cancelled payment of 12.00 EUR
      And the terminal accepts the next card payment of 1.00 EUR

  Rule: The cashier is told that an abort came too late, then how the payment ended

    @ccv:ATT-F1B @maestro @chip @pin @abort
    Scenario: The cashier hears that a late abort was refused and that the 15.00 EUR payment was approved
      Given the cardholder will insert a Maestro card and enter the correct PIN
      When the cashier takes a card payment of 15.00 EUR and presses Abort once the terminal is authorising
      Then the register's own messages to the cashier read "Abort requested | waiting for the terminal / Too late to abort | the payment goes on / Payment approved | 15.00 EUR", in that order
