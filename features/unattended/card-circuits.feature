@unattended
Feature: Card circuits
  CCV group "Card circuits" for unattended terminals: which cards the machine accepts.

  The machine learns the card circuits from the terminal (ServiceRequest GetCardCircuits after start-up,
  and again after the terminal was out of reach) and shows those, not a list of its own. A card of
  another circuit is refused before any authorisation. Our interpretation of CCV's case title.

  Rule: Only the circuits the terminal returned are shown and accepted

    @ccv:UNA-L1 @operator @maestro @contactless
    Scenario: A Maestro card pays; an American Express card, not contracted, is refused before the host
      Given the terminal's acquirer contracts cover Maestro, Mastercard and Visa only
      And a vending machine selling parking tickets at 2.50 EUR
      And a cardholder will buy 1 ticket and tap a Maestro card, entering the PIN if asked
      And another cardholder will buy 1 ticket and tap an American Express card, entering the PIN if asked
      When the cardholders buy at the machine one after the other
      Then the machine asked the terminal for its card circuits after start-up and shows Maestro, Mastercard and Visa as accepted
      And the American Express card is refused as not accepted, without asking the host
      And the Maestro card pays 2.50 EUR as normal
