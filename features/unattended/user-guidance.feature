@unattended
Feature: User guidance
  CCV group "User guidance" for unattended terminals: EV chargers, fuel pumps and vending machines.

  There is no cashier. The machine controller guides the cardholder through selection, payment and
  delivery, shows every message the terminal sends, reserves money before it delivers and charges
  exactly what was delivered. The expected results are our interpretation of CCV's case titles.

  Background:
    Given a charging station with 3 chargers that reserves 50.00 EUR per session

  Rule: A session reserves first, delivers after approval and charges exactly what was delivered

    @ccv:UNA-C1 @maestro @chip @pin @receipt @journal @operator
    Scenario: A driver charges for 30 minutes and pays exactly the 15.00 EUR delivered
      Given a driver will choose charger 2 and pay with a Maestro card and PIN
      And the car on charger 2 will charge for 30 minutes at 0.50 EUR a minute
      When the driver charges at the station
      Then the reservation is approved before anything is released
      And the driver sees every message the terminal sends, in order
      And the driver pays exactly 15.00 EUR, the value charger 2 delivered
      And the receipt shows 15.00 EUR, as the terminal sent it
      And the journal holds the reservation and its completion of 15.00 EUR for charger 2

  Rule: The amount to be reserved is shown before the card is asked for

    @ccv:UNA-C7 @operator
    Scenario: The driver sees the 50.00 EUR reservation first and pays only the 7.50 EUR used
      Given a driver will choose charger 1 and pay with a Visa card and PIN
      And the car on charger 1 will charge for 10 minutes at 0.75 EUR a minute
      When the driver charges at the station
      Then before the card is asked for, the machine shows that 50.00 EUR will be reserved and only the use is charged
      And the terminal is asked to reserve exactly 50.00 EUR
      And the completion and the receipt show 7.50 EUR, not the reserved amount
      And the machine and the terminal are ready for the next cardholder

  Rule: The next cardholder starts from a clean state and pays only for their own session

    @ccv:UNA-C2 @operator
    Scenario: A second driver starts in the default language and pays only for their own charge
      Given a driver will choose charger 2 in German and pay with a Maestro card and PIN
      And the car on charger 2 will charge for 30 minutes at 0.50 EUR a minute
      And another driver will choose charger 1 and pay with a Visa card and PIN
      And the car on charger 1 will charge for 10 minutes at 0.50 EUR a minute
      When the drivers charge one after the other
      Then the second session starts from a clean screen in the default language
      And each driver pays for their own charge on their own card
      And each receipt shows only its own driver's card and charge

  Rule: A cardholder who stops or walks away at the terminal gets nothing and keeps no reservation

    @ccv:UNA-C3 @abort @chip @pin @operator @maestro @journal
    Scenario: A driver who presses Stop at the PIN prompt gets no charge and no reservation
      Given a driver will choose charger 1, insert a Maestro card and press Stop at the PIN prompt
      When the driver charges at the station
      Then the terminal reports the reservation cancelled by the cardholder
      And the machine shows that the session was cancelled and returns to idle
      And no charger is released and nothing is reserved on the card
      And the journal records the cancelled attempt

    @ccv:UNA-C4 @timeout @chip @pin @operator @maestro
    Scenario: A PIN never entered ends by the terminal's own time-out, which the machine waits for
      Given a driver will choose charger 3, insert a Maestro card and never enter the PIN
      When the driver charges at the station
      Then the terminal ends the reservation with a time-out after its own PIN timeout
      And the machine waited for the terminal and shows a time-out
      And no charger is released and nothing is reserved on the card
      And the machine and the terminal are ready for the next cardholder

  Rule: Nothing is asked of the terminal before there is an amount

    @ccv:UNA-C5 @operator
    Scenario: Pressing Pay or presenting a card at the idle machine starts nothing
      When a cardholder presses Pay without choosing anything, then holds a Maestro card to the terminal
      Then the machine asks the cardholder to choose first
      And nothing is asked of the terminal and nothing is reserved or charged

  Rule: The language the cardholder picks is used by the terminal, the machine and the receipt

    @ccv:UNA-C6 @receipt @operator
    Scenario Outline: A driver who picks <language> is served in <language> from start to receipt
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the driver picks <language> on the screen
      And the car on charger 1 will charge for 10 minutes at 0.50 EUR a minute
      When the driver charges at the station
      Then the terminal is told to speak "<code>"
      And the terminal's prompts show "<terminal says>", the machine says "<machine says>" and the receipt says "<receipt says>"
      And the machine and the terminal are ready for the next cardholder

      Examples:
        | language | code | terminal says      | machine says   | receipt says |
        | English  | en   | Present card       | You paid       | Amount       |
        | Dutch    | nl   | Kaart aanbieden    | U betaalde     | Bedrag       |
        | German   | de   | Karte vorhalten    | Sie zahlten    | Betrag       |
        | French   | fr   | Presentez la carte | Vous avez paye | Montant      |

  Rule: With less available than asked, the machine delivers no more than was approved

    @ccv:UNA-C8 @limits @operator @mastercard @receipt
    Scenario: A card with 20.00 EUR available gets 20.00 EUR of charge and pays exactly that
      Given a driver will choose charger 3 and pay with a Mastercard card and PIN
      And the driver's card has only 20.00 EUR available
      And the car on charger 3 will charge for 60 minutes at 0.50 EUR a minute
      When the driver charges at the station
      Then the reservation is approved for 20.00 EUR of the 50.00 EUR asked
      And the driver is told that at most 20.00 EUR is available
      And the driver pays exactly 20.00 EUR, the value charger 3 delivered
      And the receipt shows 20.00 EUR, as the terminal sent it

  Rule: Every screen of the machine's own speaks the language the cardholder picked

    The first screen comes before the language is picked, so it is in the default language, English.

    @ccv:UNA-C6 @operator
    Scenario Outline: A driver who picks <language> reads each of the machine's own screens in <language>
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the driver picks <language> on the screen
      And the car on charger 1 will charge for 10 minutes at 0.50 EUR a minute
      When the driver charges at the station
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | English  | Choose a charger / We reserve \| 50.00 EUR \| You only pay what you use / Start now on \| charger 1 \| 50.00 EUR / Delivering \| charger 1 / Thank you / You paid \| 5.00 EUR |
        | Dutch    | Choose a charger / Wij reserveren \| 50.00 EUR \| U betaalt alleen wat u gebruikt / Start nu op \| charger 1 \| 50.00 EUR / Bezig met leveren \| charger 1 / Dank u / U betaalde \| 5.00 EUR |
        | German   | Choose a charger / Wir reservieren \| 50.00 EUR \| Sie zahlen nur, was Sie nutzen / Jetzt starten an \| charger 1 \| 50.00 EUR / Abgabe laeuft \| charger 1 / Danke / Sie zahlten \| 5.00 EUR |
        | French   | Choose a charger / Nous reservons \| 50.00 EUR \| Vous ne payez que ce que vous utilisez / Commencez maintenant sur \| charger 1 \| 50.00 EUR / Livraison en cours \| charger 1 / Merci / Vous avez paye \| 5.00 EUR |

  Rule: With every payment request the machine tells the terminal who it is, the time and what it can print

    The machine has a receipt printer with paper, no journal printer, and keeps the journal electronically.

    @ccv:UNA-C1 @operator @maestro
    Scenario: A driver who charges for 10 minutes in Dutch is served with requests that describe the machine truly
      Given a driver will choose charger 2 and pay with a Maestro card and PIN
      And the driver picks Dutch on the screen
      And the car on charger 2 will charge for 10 minutes at 0.50 EUR a minute
      When the driver charges at the station
      Then every payment request the machine sent said:
        | workstation        | MACHINE-1   |
        | language           | nl          |
        | shift              | 1           |
        | receipt printer    | Available   |
        | journal printer    | Unavailable |
        | electronic journal | Available   |
      And every request the machine sent carries the machine's clock time, to the second, when it was sent

  Rule: What the terminal decided, or the cardholder did there, is said in the language the driver picked

    @ccv:UNA-C3 @abort @chip @pin @maestro
    Scenario Outline: A driver who picks <language> and presses Stop at the PIN prompt reads in <language> that it was cancelled
      Given a driver will choose charger 1, insert a Maestro card and press Stop at the PIN prompt
      And the driver picks <language> on the screen
      When the driver charges at the station
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | Dutch    | Choose a charger / Wij reserveren \| 50.00 EUR \| U betaalt alleen wat u gebruikt / Afgebroken |
        | German   | Choose a charger / Wir reservieren \| 50.00 EUR \| Sie zahlen nur, was Sie nutzen / Abgebrochen |
        | French   | Choose a charger / Nous reservons \| 50.00 EUR \| Vous ne payez que ce que vous utilisez / Annule |

    @ccv:UNA-C4 @timeout @chip @pin @maestro
    Scenario Outline: A driver who picks <language> and never enters the PIN reads in <language> that time ran out
      Given a driver will choose charger 3, insert a Maestro card and never enter the PIN
      And the driver picks <language> on the screen
      When the driver charges at the station
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | Dutch    | Choose a charger / Wij reserveren \| 50.00 EUR \| U betaalt alleen wat u gebruikt / Tijd verstreken |
        | German   | Choose a charger / Wir reservieren \| 50.00 EUR \| Sie zahlen nur, was Sie nutzen / Zeit abgelaufen |
        | French   | Choose a charger / Nous reservons \| 50.00 EUR \| Vous ne payez que ce que vous utilisez / Delai depasse |

    @ccv:UNA-C8 @limits @mastercard
    Scenario Outline: A driver who picks <language> reads in <language> that only 20.00 EUR is available
      Given a driver will choose charger 3 and pay with a Mastercard card and PIN
      And the driver picks <language> on the screen
      And the driver's card has only 20.00 EUR available
      And the car on charger 3 will charge for 60 minutes at 0.50 EUR a minute
      When the driver charges at the station
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | English  | Choose a charger / We reserve \| 50.00 EUR \| You only pay what you use / Available on your card: \| 20.00 EUR / Start now on \| charger 3 \| 20.00 EUR / Delivering \| charger 3 / Limit reached, delivery stopped \| For more, start a new payment / You paid \| 20.00 EUR |
        | Dutch    | Choose a charger / Wij reserveren \| 50.00 EUR \| U betaalt alleen wat u gebruikt / Beschikbaar op uw kaart: \| 20.00 EUR / Start nu op \| charger 3 \| 20.00 EUR / Bezig met leveren \| charger 3 / Limiet bereikt, levering gestopt \| Voor meer, start een nieuwe betaling / U betaalde \| 20.00 EUR |
        | German   | Choose a charger / Wir reservieren \| 50.00 EUR \| Sie zahlen nur, was Sie nutzen / Verfuegbar auf Ihrer Karte: \| 20.00 EUR / Jetzt starten an \| charger 3 \| 20.00 EUR / Abgabe laeuft \| charger 3 / Limit erreicht, Abgabe gestoppt \| Fuer mehr bitte neu bezahlen / Sie zahlten \| 20.00 EUR |
        | French   | Choose a charger / Nous reservons \| 50.00 EUR \| Vous ne payez que ce que vous utilisez / Disponible sur votre carte: \| 20.00 EUR / Commencez maintenant sur \| charger 3 \| 20.00 EUR / Livraison en cours \| charger 3 / Limite atteinte, livraison arretee \| Pour plus, nouveau paiement / Vous avez paye \| 20.00 EUR |

    @ccv:UNA-C6 @chip @pin @maestro
    Scenario Outline: A driver who picks <language> and enters a wrong PIN reads in <language> that the payment was not approved
      Given a driver will choose charger 2, insert a Maestro card and enter a wrong PIN
      And the driver picks <language> on the screen
      When the driver charges at the station
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | English  | Choose a charger / We reserve \| 50.00 EUR \| You only pay what you use / Payment not approved |
        | Dutch    | Choose a charger / Wij reserveren \| 50.00 EUR \| U betaalt alleen wat u gebruikt / Betaling niet akkoord |
        | German   | Choose a charger / Wir reservieren \| 50.00 EUR \| Sie zahlen nur, was Sie nutzen / Zahlung abgelehnt |
        | French   | Choose a charger / Nous reservons \| 50.00 EUR \| Vous ne payez que ce que vous utilisez / Paiement refuse |
