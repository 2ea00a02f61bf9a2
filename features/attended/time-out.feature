@attended
Feature: Time-out
  CCV group "Time-out" for attended terminals: the cardholder does not do what the terminal asks.

  When nobody presents a card, or the PIN is never entered, the terminal ends the payment by its own
  time-out. The register waits longer than the terminal does, so it hears the real result: it shows a
  time-out (not a decline), keeps the sale open and charges nothing.
  The expected results are our interpretation of CCV's case titles, not CCV's own text.

  Background:
    Given the checkout is ready for card payments

  Rule: The terminal's time-out ends the payment; the register shows it as such and sends no abort

    @ccv:ATT-R1A @timeout
    Scenario: Nobody presents a card and the payment times out
      When the cashier takes a card payment of 10.00 EUR
      Then the terminal ends the payment by its time-out, before the register gives up
      And the sale stays open, with the payment shown as timed out because "no card presented"
      And the register sends no abort of its own
      And no approval receipt is printed
      And nothing is charged
      And the terminal accepts the next card payment of 1.00 EUR

    @ccv:ATT-R1B @maestro @chip @pin @timeout
    Scenario: The cardholder inserts a card but never enters the PIN
      Given the cardholder will insert a Maestro card and walk away at the PIN prompt
      When the cashier takes a card payment of 10.00 EUR
      Then the terminal ends the payment by its time-out, before the register gives up
      And the cashier sees the terminal ask for the card to be removed
      And the sale stays open, with the payment shown as timed out because "no PIN entered"
      And the register sends no abort of its own
      And no approval receipt is printed
      And nothing is charged
