@unattended @mastercard @limits
Feature: Transaction limit handling (Mastercard)
  CCV group "Transaction limit handling (Mastercard)" for unattended terminals: which Mastercard payments need a
  PIN, and which the machine refuses.

  The limits come from the acquirer's profile for the terminal, configured on the terminal and on the
  machine alike: contactless without PIN up to 50.00 EUR, at most 300.00 EUR per unattended payment
  (CCV's defaults). The boundary rows check the limit itself and one cent above it.

  Background:
    Given the acquirer allows contactless payments without PIN up to 50.00 EUR and at most 300.00 EUR per payment

  Rule: A tapped card pays without PIN up to the contactless limit, the limit itself included

    @contactless
    Scenario Outline: A cardholder taps a Mastercard card for <price> and is not asked for a PIN
      Given a vending machine selling parking tickets at <price>
      And a cardholder will buy 1 ticket and tap a Mastercard card, entering the PIN if asked
      When the cardholder buys at the machine
      Then the terminal is asked to charge exactly <price> for the purchase
      And the terminal approves the payment for card circuit ECMC without asking for a PIN
      And 1 ticket is delivered, with a receipt and one journal entry of <price>
      And the cardholder is charged <price> once

      @ccv:UNA-H1
      Examples: well below the limit
        | price    |
        | 1.00 EUR |

      @ccv:UNA-H2
      Examples: below the limit, and the limit itself
        | price     |
        | 30.00 EUR |
        | 50.00 EUR |

  Rule: Above the contactless limit the terminal asks for the PIN, up to the maximum itself

    @contactless @pin @operator
    Scenario Outline: A cardholder taps a Mastercard card for <price> and enters the PIN when asked
      Given a vending machine selling parking tickets at <price>
      And a cardholder will buy 1 ticket and tap a Mastercard card, entering the PIN if asked
      When the cardholder buys at the machine
      Then the terminal is asked to charge exactly <price> for the purchase
      And the terminal asks for the PIN, then approves the payment for card circuit ECMC
      And 1 ticket is delivered, with a receipt and one journal entry of <price>
      And the cardholder is charged <price> once

      @ccv:UNA-H3
      Examples: one cent above the limit, above it, and the maximum itself
        | price      |
        | 50.01 EUR  |
        | 60.00 EUR  |
        | 300.00 EUR |

    @ccv:UNA-H3 @contactless @pin
    Scenario: A cardholder who taps for 60.00 EUR and never enters the PIN is not charged
      Given a vending machine selling parking tickets at 60.00 EUR
      And a cardholder will buy 1 ticket and tap a Mastercard card, but never enter the PIN
      When the cardholder buys at the machine
      Then the terminal ends the payment without approval and nothing is charged
      And nothing is delivered

  Rule: Above the 300.00 EUR maximum the machine refuses before any card is read

    Scenario Outline: A selection of <quantity> tickets at <price> is refused and may be changed
      Given a vending machine selling parking tickets at <price>
      And a cardholder will choose <quantity> tickets, then cancel when asked to choose again
      When the cardholder buys at the machine
      Then the machine refuses before any card is asked for, naming the maximum of 300.00 EUR
      And nothing is asked of the terminal and nothing is reserved or charged
      And nothing is delivered

      @ccv:UNA-H4
      Examples: one cent above the maximum, and 500.00 EUR
        | price      | quantity |
        | 300.01 EUR | 1        |
        | 100.00 EUR | 5        |

  Rule: The refusal names the maximum in the language the cardholder picked

    @ccv:UNA-H4
    Scenario Outline: A cardholder who picks <language> reads in <language> that 5 tickets at 100.00 EUR are above the maximum
      Given a vending machine selling parking tickets at 100.00 EUR
      And a cardholder will choose 5 tickets, then cancel when asked to choose again
      And the cardholder picks <language> on the screen
      When the cardholder buys at the machine
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | English  | Choose a product \| P1 Ticket 100.00 EUR / How many? / Above the maximum per payment of \| 300.00 EUR / Choose a product \| P1 Ticket 100.00 EUR / Cancelled |
        | Dutch    | Choose a product \| P1 Ticket 100.00 EUR / Hoeveel? / Boven het maximum per betaling van \| 300.00 EUR / Kies een product \| P1 Ticket 100.00 EUR / Afgebroken |
        | German   | Choose a product \| P1 Ticket 100.00 EUR / Wie viele? / Ueber dem Hoechstbetrag pro Zahlung von \| 300.00 EUR / Produkt waehlen \| P1 Ticket 100.00 EUR / Abgebrochen |
        | French   | Choose a product \| P1 Ticket 100.00 EUR / Combien? / Au-dessus du maximum par paiement de \| 300.00 EUR / Choisissez un produit \| P1 Ticket 100.00 EUR / Annule |
