@unattended
Feature: Product delivery
  CCV group "Product delivery" for unattended terminals: what the machine delivers, and what that costs.

  A vending machine sells products at a fixed price: it is paid first, and delivers when the terminal
  says so. Chargers and pumps deliver a variable amount: the machine reserves first, delivers no more
  than was approved and completes exactly what was delivered. Our interpretation of CCV's titles.

  Rule: A vending machine sells only a product on offer, chosen and confirmed by the cardholder

    Background:
      Given a vending machine selling:
        | code | product | price    | enabled |
        | A1   | Cola    | 2.50 EUR | yes     |
        | B2   | Water   | 1.80 EUR | yes     |
        | C3   | Crisps  | 1.20 EUR | no      |

    @ccv:UNA-E1 @receipt @operator
    Scenario: A cardholder buys 2 Cola for 5.00 EUR and receives exactly those
      Given a cardholder will choose 2 of product A1, confirm and pay contactless with a Maestro card
      When the cardholder buys at the machine
      Then the machine shows 2 x Cola for 5.00 EUR before the payment
      And the terminal is asked to charge exactly 5.00 EUR for the purchase
      And 2 Cola are delivered, and only once the terminal says to deliver
      And the receipt and the journal show 2 x Cola and 5.00 EUR
      And the cardholder is charged 5.00 EUR once

    @ccv:UNA-E2
    Scenario: A product switched off in the configuration cannot be bought; the others still can
      Given a cardholder will choose product C3, then product B2, take 1, confirm and pay contactless with a Visa card
      When the cardholder buys at the machine
      Then product C3 is not on offer and choosing it is refused with a message
      And the terminal is asked to charge exactly 1.80 EUR for the purchase
      And 1 Water are delivered, and only once the terminal says to deliver
      And the cardholder is charged 1.80 EUR once

    @ccv:UNA-E3
    Scenario: An unknown product code is refused each time, then the machine returns to idle
      Given a cardholder will enter product Z9 3 times
      When the cardholder buys at the machine
      Then the machine says the product is invalid each time and returns to idle after 3 tries
      And nothing is asked of the terminal and nothing is reserved or charged
      And nothing is delivered

    @ccv:UNA-E4 @abort
    Scenario: A cardholder who cancels the product choice gets nothing and pays nothing
      Given a cardholder will press Cancel when asked to choose a product
      When the cardholder buys at the machine
      Then the machine shows that the session was cancelled and returns to idle
      And nothing is asked of the terminal and nothing is reserved or charged
      And nothing is delivered

    @ccv:UNA-E5 @timeout
    Scenario: A cardholder who never chooses a product is timed out to idle with nothing reserved
      Given a cardholder will walk away when asked to choose a product
      When the cardholder buys at the machine
      Then after 30 seconds the machine shows a time-out and returns to idle
      And nothing is asked of the terminal and nothing is reserved or charged
      And nothing is delivered

    @ccv:UNA-E1 @operator @maestro
    Scenario Outline: A slot that <fault> delivers nothing, and the 5.00 EUR paid for 2 Cola is not kept
      Given the Cola slot A1 <fault>
      And a cardholder will choose 2 of product A1, confirm and pay contactless with a Maestro card
      When the cardholder buys at the machine
      Then nothing is delivered
      And the machine answered the terminal's go-ahead with a failure after <seconds> seconds
      And the payment of 5.00 EUR is reversed, so the cardholder is charged nothing
      And the machine's last words to the cardholder are "Nothing charged"

      Examples:
        | fault                        | seconds |
        | jams                         | 6       |
        | hangs without ever reporting | 30      |

  Rule: Delivery stops at the machine's limits: the maximum time and the approved amount

    Background:
      Given a fuel station with 2 pumps that reserves 50.00 EUR per session

    @ccv:UNA-E6 @timeout @limits @operator @maestro @receipt
    Scenario: Fuelling is stopped at the 2-minute maximum and only the 6.00 EUR delivered is charged
      Given the maximum delivery time is 2 minutes
      And a driver will choose pump 1 and pay with a Maestro card and PIN
      And the driver at pump 1 will take fuel for 10 minutes at 3.00 EUR a minute
      When the driver fuels at the station
      Then pump 1 is stopped after 2 minutes of delivery, the maximum
      And the driver is told the maximum time was reached
      And the driver pays exactly 6.00 EUR, the value pump 1 delivered
      And the receipt shows 6.00 EUR, as the terminal sent it

    @ccv:UNA-E10 @limits @operator @visa
    Scenario: A driver who keeps the nozzle open gets exactly the 20.00 EUR authorised, no more
      Given the station reserves 20.00 EUR per session
      And a driver will choose pump 2 and pay with a Visa card and PIN
      And the driver at pump 2 will take fuel for 20 minutes at 3.00 EUR a minute
      When the driver fuels at the station
      Then pump 2 stops at exactly 20.00 EUR, never more
      And the driver is told the limit was reached and that more needs a new payment
      And the driver pays exactly 20.00 EUR, the value pump 2 delivered

  Rule: A session stopped during delivery is charged exactly what was delivered until then

    Background:
      Given a charging station with 2 chargers that reserves 50.00 EUR per session

    @ccv:UNA-E7 @abort @operator @maestro
    Scenario: A driver who presses Stop after 20 minutes pays for those 20 minutes only
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for 60 minutes at 0.50 EUR a minute
      And the driver at charger 1 will press Stop on the machine after 20 minutes of charging
      When the driver charges at the station
      Then charger 1 stops at once when Stop is pressed
      And the driver pays exactly 10.00 EUR, the value charger 1 delivered
      And the driver sees the end of the session and the receipt, and the machine returns to idle

    @ccv:UNA-E8 @abort @operator @maestro @journal @pin
    Scenario: The operator stops a session while the terminal waits for the PIN; nothing is reserved
      Given a driver will choose charger 1, insert a Maestro card and never enter the PIN
      And the operator will stop the session on charger 1 while the terminal waits for the PIN
      When the driver charges at the station
      Then the machine sends exactly one abort and the reservation ends cancelled
      And the driver is told the session was stopped by the operator
      And no charger is released and nothing is reserved on the card
      And the journal records the cancelled attempt

    @ccv:UNA-E8 @abort @operator @maestro @journal
    Scenario: The operator stops a session after 15 minutes; the driver pays for those 15 minutes
      Given a driver will choose charger 2 and pay with a Maestro card and PIN
      And the car on charger 2 will charge for 60 minutes at 0.50 EUR a minute
      And the operator will stop the session on charger 2 after 15 minutes of charging
      When the driver charges at the station
      Then charger 2 stops at once when the operator stops it
      And the driver is told the session was stopped by the operator
      And the driver pays exactly 7.50 EUR, the value charger 2 delivered
      And the journal holds the reservation and its completion of 7.50 EUR for charger 2

  Rule: A reservation whose delivery never starts is released in full

    Background:
      Given a charging station with 2 chargers that reserves 50.00 EUR per session

    @ccv:UNA-E9 @timeout @operator @maestro @journal
    Scenario: A driver who never plugs in is charged nothing and the reservation is released
      Given the machine allows 2 minutes to start charging
      And a driver will choose charger 1 and pay with a Maestro card and PIN
      And the driver will never plug in at charger 1
      When the driver charges at the station
      Then charger 1 is locked again after 2 minutes and the driver is told nothing was charged
      And the reservation is released with a completion of 0.00 EUR
      And the journal records the session with 0.00 EUR charged

  Rule: Sessions sharing the terminal are each completed against their own reservation and card

    Background:
      Given a charging station with 2 chargers that reserves 50.00 EUR per session

    @ccv:UNA-E11 @journal @operator
    Scenario Outline: Two drivers charge at once; stopping after <first> and <second> minutes, each pays their own
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for <first> minutes at 0.50 EUR a minute
      And another driver will choose charger 2 and pay with a Visa card and PIN
      And the car on charger 2 will charge for <second> minutes at 0.40 EUR a minute
      When the drivers arrive one after another
      Then each driver pays for their own charge on their own card
      And the machine never asks the terminal two things at once
      And the journal holds one session per charger, each with its own amount

      Examples:
        | first | second |
        | 20    | 40     |
        | 40    | 20     |

    @ccv:UNA-E12 @journal @operator
    Scenario: The first driver's completion waits while a second driver's card is read, then is booked right
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for 10 minutes at 0.50 EUR a minute
      And another driver arrives 11 minutes later, chooses charger 2 and pays, taking their time, with a Visa card and PIN
      And the car on charger 2 will charge for 5 minutes at 0.50 EUR a minute
      When the drivers arrive one after another
      Then the first driver's completion waits until the second driver's card has been authorised
      And each driver pays for their own charge on their own card
      And the journal holds one session per charger, each with its own amount

  Rule: Presenting the session's own card stops it; any other card does not

    Background:
      Given a charging station with 2 chargers that reserves 50.00 EUR per session

    @ccv:UNA-E13 @operator @maestro
    Scenario: The driver stops charging by holding the same card to the terminal again
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for 60 minutes at 0.50 EUR a minute
      And after 20 minutes of charging on charger 1, Stop is pressed and a Maestro card is held to the terminal
      When the driver charges at the station
      Then charger 1 stops as soon as the card is recognised as the one that paid for the session
      And the check of the card is released at once and costs nothing
      And the driver pays exactly the value charger 1 delivered until it stopped

    @ccv:UNA-E13 @operator @maestro @visa
    Scenario: Another card held to the terminal does not stop the session and is charged nothing
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for 30 minutes at 0.50 EUR a minute
      And after 10 minutes of charging on charger 1, Stop is pressed and a Visa card is held to the terminal
      When the driver charges at the station
      Then the Visa card is told it has no session here, and nothing stays reserved on it
      And the driver pays exactly 15.00 EUR, the value charger 1 delivered

  Rule: A session that ends early tells the driver why in the language the driver picked

    Background:
      Given a charging station with 2 chargers that reserves 50.00 EUR per session

    @ccv:UNA-E7 @abort @operator @maestro
    Scenario Outline: A driver who picks <language> and presses Stop after 20 minutes reads every screen in <language>
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the driver picks <language> on the screen
      And the car on charger 1 will charge for 60 minutes at 0.50 EUR a minute
      And the driver at charger 1 will press Stop on the machine after 20 minutes of charging
      When the driver charges at the station
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | Dutch    | Choose a charger / Wij reserveren \| 50.00 EUR \| U betaalt alleen wat u gebruikt / Start nu op \| charger 1 \| 50.00 EUR / Bezig met leveren \| charger 1 / Gestopt op uw verzoek / U betaalde \| 10.00 EUR |
        | German   | Choose a charger / Wir reservieren \| 50.00 EUR \| Sie zahlen nur, was Sie nutzen / Jetzt starten an \| charger 1 \| 50.00 EUR / Abgabe laeuft \| charger 1 / Auf Ihren Wunsch gestoppt / Sie zahlten \| 10.00 EUR |
        | French   | Choose a charger / Nous reservons \| 50.00 EUR \| Vous ne payez que ce que vous utilisez / Commencez maintenant sur \| charger 1 \| 50.00 EUR / Livraison en cours \| charger 1 / Arrete a votre demande / Vous avez paye \| 10.00 EUR |

    @ccv:UNA-E8 @abort @operator @maestro
    Scenario Outline: A driver who picks <language> reads in <language> that the operator stopped the session after 15 minutes
      Given a driver will choose charger 2 and pay with a Maestro card and PIN
      And the driver picks <language> on the screen
      And the car on charger 2 will charge for 60 minutes at 0.50 EUR a minute
      And the operator will stop the session on charger 2 after 15 minutes of charging
      When the driver charges at the station
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | Dutch    | Choose a charger / Wij reserveren \| 50.00 EUR \| U betaalt alleen wat u gebruikt / Start nu op \| charger 2 \| 50.00 EUR / Bezig met leveren \| charger 2 / Sessie gestopt door de beheerder / U betaalde \| 7.50 EUR |
        | German   | Choose a charger / Wir reservieren \| 50.00 EUR \| Sie zahlen nur, was Sie nutzen / Jetzt starten an \| charger 2 \| 50.00 EUR / Abgabe laeuft \| charger 2 / Vom Betreiber gestoppt / Sie zahlten \| 7.50 EUR |
        | French   | Choose a charger / Nous reservons \| 50.00 EUR \| Vous ne payez que ce que vous utilisez / Commencez maintenant sur \| charger 2 \| 50.00 EUR / Livraison en cours \| charger 2 / Session arretee par l'exploitant / Vous avez paye \| 7.50 EUR |

    @ccv:UNA-E9 @timeout @operator @maestro
    Scenario Outline: A driver who picks <language> and never plugs in reads in <language> that nothing was charged
      Given the machine allows 2 minutes to start charging
      And a driver will choose charger 1 and pay with a Maestro card and PIN
      And the driver picks <language> on the screen
      And the driver will never plug in at charger 1
      When the driver charges at the station
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | Dutch    | Choose a charger / Wij reserveren \| 50.00 EUR \| U betaalt alleen wat u gebruikt / Start nu op \| charger 1 \| 50.00 EUR / Niet op tijd gestart, niets betaald / Niets betaald |
        | German   | Choose a charger / Wir reservieren \| 50.00 EUR \| Sie zahlen nur, was Sie nutzen / Jetzt starten an \| charger 1 \| 50.00 EUR / Nicht rechtzeitig gestartet, nichts belastet / Nichts belastet |
        | French   | Choose a charger / Nous reservons \| 50.00 EUR \| Vous ne payez que ce que vous utilisez / Commencez maintenant sur \| charger 1 \| 50.00 EUR / Pas commence a temps, rien debite / Rien debite |

  Rule: Delivery stopped at a limit is explained in the language the driver picked

    Background:
      Given a fuel station with 2 pumps that reserves 50.00 EUR per session

    @ccv:UNA-E6 @timeout @limits @operator @maestro
    Scenario Outline: A driver who picks <language> reads in <language> that the 2-minute maximum was reached
      Given the maximum delivery time is 2 minutes
      And a driver will choose pump 1 and pay with a Maestro card and PIN
      And the driver picks <language> on the screen
      And the driver at pump 1 will take fuel for 10 minutes at 3.00 EUR a minute
      When the driver fuels at the station
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | Dutch    | Choose a charger / Wij reserveren \| 50.00 EUR \| U betaalt alleen wat u gebruikt / Start nu op \| pump 1 \| 50.00 EUR / Bezig met leveren \| pump 1 / Maximale tijd bereikt, levering gestopt / U betaalde \| 6.00 EUR |
        | German   | Choose a charger / Wir reservieren \| 50.00 EUR \| Sie zahlen nur, was Sie nutzen / Jetzt starten an \| pump 1 \| 50.00 EUR / Abgabe laeuft \| pump 1 / Hoechstzeit erreicht, Abgabe gestoppt / Sie zahlten \| 6.00 EUR |
        | French   | Choose a charger / Nous reservons \| 50.00 EUR \| Vous ne payez que ce que vous utilisez / Commencez maintenant sur \| pump 1 \| 50.00 EUR / Livraison en cours \| pump 1 / Duree maximale atteinte, livraison arretee / Vous avez paye \| 6.00 EUR |

    @ccv:UNA-E10 @limits @operator @visa
    Scenario Outline: A driver who picks <language> reads in <language> that the 20.00 EUR authorised is reached
      Given the station reserves 20.00 EUR per session
      And a driver will choose pump 2 and pay with a Visa card and PIN
      And the driver picks <language> on the screen
      And the driver at pump 2 will take fuel for 20 minutes at 3.00 EUR a minute
      When the driver fuels at the station
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | Dutch    | Choose a charger / Wij reserveren \| 20.00 EUR \| U betaalt alleen wat u gebruikt / Start nu op \| pump 2 \| 20.00 EUR / Bezig met leveren \| pump 2 / Limiet bereikt, levering gestopt \| Voor meer, start een nieuwe betaling / U betaalde \| 20.00 EUR |
        | German   | Choose a charger / Wir reservieren \| 20.00 EUR \| Sie zahlen nur, was Sie nutzen / Jetzt starten an \| pump 2 \| 20.00 EUR / Abgabe laeuft \| pump 2 / Limit erreicht, Abgabe gestoppt \| Fuer mehr bitte neu bezahlen / Sie zahlten \| 20.00 EUR |
        | French   | Choose a charger / Nous reservons \| 20.00 EUR \| Vous ne payez que ce que vous utilisez / Commencez maintenant sur \| pump 2 \| 20.00 EUR / Livraison en cours \| pump 2 / Limite atteinte, livraison arretee \| Pour plus, nouveau paiement / Vous avez paye \| 20.00 EUR |

  Rule: A vending machine guides the cardholder in the language the cardholder picked

    Background:
      Given a vending machine selling:
        | code | product | price    | enabled |
        | A1   | Cola    | 2.50 EUR | yes     |
        | B2   | Water   | 1.80 EUR | yes     |

    @ccv:UNA-E1 @operator
    Scenario Outline: A cardholder who picks <language> buys 2 Cola reading every screen in <language>
      Given a cardholder will choose 2 of product A1, confirm and pay contactless with a Maestro card
      And the driver picks <language> on the screen
      When the cardholder buys at the machine
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | Dutch    | Choose a product \| A1 Cola 2.50 EUR \| B2 Water 1.80 EUR / Hoeveel? / Bevestig uw aankoop \| 2 x Cola \| 5.00 EUR / U betaalde \| 5.00 EUR |
        | German   | Choose a product \| A1 Cola 2.50 EUR \| B2 Water 1.80 EUR / Wie viele? / Kauf bestaetigen \| 2 x Cola \| 5.00 EUR / Sie zahlten \| 5.00 EUR |
        | French   | Choose a product \| A1 Cola 2.50 EUR \| B2 Water 1.80 EUR / Combien? / Confirmez votre achat \| 2 x Cola \| 5.00 EUR / Vous avez paye \| 5.00 EUR |
