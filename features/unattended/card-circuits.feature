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

    @ccv:UNA-L1 @operator @maestro
    Scenario: After the terminal was out of reach, the machine asks for the circuits again before the next payment
      Given a vending machine selling parking tickets at 2.50 EUR
      And the machine's terminal is switched off
      And a cardholder has tried to buy 1 ticket with a tapped Visa card
      And the machine's terminal is switched on again
      When a cardholder then buys 1 ticket with a tapped Maestro card
      Then the machine asked the terminal for its card circuits again after it was out of reach, before the next payment
      And the cardholder is charged 2.50 EUR once

  Rule: A card that is not accepted is refused in the language the cardholder picked, naming the accepted cards

    @ccv:UNA-L1 @contactless
    Scenario Outline: A cardholder who picks <language> and taps an American Express card reads in <language> which cards are accepted
      Given the terminal's acquirer contracts cover Maestro, Mastercard and Visa only
      And a vending machine selling parking tickets at 2.50 EUR
      And a cardholder will buy 1 ticket and tap an American Express card, entering the PIN if asked
      And the cardholder picks <language> on the screen
      When the cardholder buys at the machine
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | English  | Choose a product \| P1 Ticket 2.50 EUR / How many? / Confirm your purchase \| 1 x Ticket \| 2.50 EUR / Card not accepted here. We accept: \| Maestro \| Mastercard \| Visa |
        | Dutch    | Choose a product \| P1 Ticket 2.50 EUR / Hoeveel? / Bevestig uw aankoop \| 1 x Ticket \| 2.50 EUR / Kaart hier niet geaccepteerd. Wij accepteren: \| Maestro \| Mastercard \| Visa |
        | German   | Choose a product \| P1 Ticket 2.50 EUR / Wie viele? / Kauf bestaetigen \| 1 x Ticket \| 2.50 EUR / Karte hier nicht akzeptiert. Wir akzeptieren: \| Maestro \| Mastercard \| Visa |
        | French   | Choose a product \| P1 Ticket 2.50 EUR / Combien? / Confirmez votre achat \| 1 x Ticket \| 2.50 EUR / Carte non acceptee ici. Nous acceptons: \| Maestro \| Mastercard \| Visa |
