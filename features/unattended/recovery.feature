@unattended
Feature: Recovery
  CCV group "Recovery" for unattended terminals: the machine comes back by itself after the link drops,
  the terminal updates or reboots, the CCV client restarts or the power goes, and settles every open
  session for exactly what was delivered, never twice. It learns a lost answer by asking the terminal
  to repeat its last one (trusted only when it names the lost request), never by asking again for the
  money. Our interpretation of CCV's titles; the timings are the ones stated in each scenario.

  Background:
    Given a charging station with 2 chargers that reserves 50.00 EUR per session

  Rule: A lost answer is learnt from the terminal after the link is back, never by reserving again

    @ccv:UNA-X1 @recovery @operator @maestro
    Scenario: The cable comes out just after the reservation is asked for; the reservation made meanwhile is released in full
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the cable between machine and terminal comes out as the reservation is asked for, for 2 minutes
      When the driver charges at the station
      Then the driver is told the result is unknown, and the machine is out of order while the cable is out
      And once the cable is back the machine asks the terminal to repeat its last answer, which names the lost reservation
      And the reservation is never asked for again and is released in full, so nothing is charged
      And the machine is back in service without anyone's help

    @ccv:UNA-X1 @recovery @operator @maestro
    Scenario: The merchant menu is open for 15 seconds as the machine asks about the lost reservation; it asks until answered, then releases it in full
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the cable between machine and terminal comes out as the reservation is asked for, for 2 minutes
      And someone opens the terminal's merchant menu for 15 seconds just as the machine first asks it to repeat its last answer
      When the driver charges at the station
      Then the terminal answered the request to repeat its last answer Busy 8 times, 2 seconds apart, each under a new request number, then with the answer to the lost reservation
      And the reservation is never asked for again and is released in full, so nothing is charged

    @ccv:UNA-X1 @recovery @operator @maestro
    Scenario: The cable comes out again as the machine asks about the lost reservation; it asks again once the cable is back, then releases it in full
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the cable between machine and terminal comes out as the reservation is asked for, for 2 minutes
      And the cable comes out again for 1 minute just as the machine first asks the terminal to repeat its last answer
      When the driver charges at the station
      Then the first request to repeat the last answer went unanswered, and a later one named the lost reservation
      And the reservation is never asked for again and is released in full, so nothing is charged
      And the machine is back in service without anyone's help

    @ccv:UNA-X1 @recovery @operator @maestro
    Scenario: The cable is out when a charge ends; the completion is sent once after the cable is back
      Given a driver will choose charger 2 and pay with a Maestro card and PIN
      And the car on charger 2 will charge for 12 minutes at 0.50 EUR a minute
      And the cable between machine and terminal comes out 10 minutes into the charge on charger 2, for 5 minutes
      When the driver charges at the station
      Then once the cable is back the machine asks the terminal to repeat its last answer, which names the reservation, not the completion
      And the first driver pays exactly 6.00 EUR, the value charger 2 delivered
      And nothing is charged twice and no reservation is left open

    @ccv:UNA-X1 @recovery @operator @maestro
    Scenario Outline: A driver who picks <language> reads in <language> that card payment is out of order while the cable is out, and that nothing was charged
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the driver picks <language> on the screen
      And the cable between machine and terminal comes out as the reservation is asked for, for 2 minutes
      When the driver charges at the station
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | Dutch    | Choose a charger / Wij reserveren \| 50.00 EUR \| U betaalt alleen wat u gebruikt / Kaartbetaling tijdelijk buiten gebruik / Resultaat onbekend, neem contact op met de beheerder / Kaartbetaling tijdelijk buiten gebruik / Niets betaald |
        | German   | Choose a charger / Wir reservieren \| 50.00 EUR \| Sie zahlen nur, was Sie nutzen / Kartenzahlung voruebergehend ausser Betrieb / Ergebnis unbekannt, bitte Betreiber kontaktieren / Kartenzahlung voruebergehend ausser Betrieb / Nichts belastet |
        | French   | Choose a charger / Nous reservons \| 50.00 EUR \| Vous ne payez que ce que vous utilisez / Paiement par carte temporairement hors service / Resultat inconnu, contactez l'exploitant / Paiement par carte temporairement hors service / Rien debite |

  Rule: The terminal's own restarts put the machine out of order; it reconnects and completes what was running

    Background:
      Given the machine checks the terminal every 30 seconds

    @ccv:UNA-X2 @recovery @operator @maestro
    Scenario: A component update starts 10 minutes into a charge; the next driver meets out of order, the charge is completed after
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for 20 minutes at 0.50 EUR a minute
      And the terminal installs a component update 10 minutes into the charge on charger 1
      And another driver arrives 13 minutes later, chooses charger 2 and pays with a Visa card and PIN
      When the drivers arrive one after another
      Then the second driver is told card payment is out of order, and no card is asked for
      And after the update the machine logged in where required and fetched the card circuits again before serving anyone
      And the first driver pays exactly 10.00 EUR, the value charger 1 delivered, sent after the terminal was back

    @ccv:UNA-X3 @recovery @maestro
    Scenario Outline: The daily reboot comes <when>; the machine is ready again within 60 seconds of the terminal
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for <minutes> minutes at 0.50 EUR a minute
      And the terminal's daily reboot comes 5 minutes into the charge on charger 1
      When the driver charges at the station
      Then the machine was out of order while the terminal rebooted and ready within 60 seconds of the terminal being up
      And the driver pays exactly <charged>, the value charger 1 delivered

      Examples:
        | when                               | minutes | charged   |
        | while the car charges on           | 30      | 15.00 EUR |
        | just as the charge ends            | 5       | 2.50 EUR  |

    @ccv:UNA-X4 @recovery @operator @maestro
    Scenario: The CCV client restarts just as the completion arrives; the machine learns it was booked and never sends it again
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for 20 minutes at 0.50 EUR a minute
      And the CCV client restarts just as the completion reaches the terminal
      When the driver charges at the station
      Then once the terminal is back the machine asks it to repeat its last answer, which names the lost completion
      And the driver pays exactly 10.00 EUR, the value charger 1 delivered
      And nothing is charged twice and no reservation is left open

  Rule: A completion the terminal could not book stays owed on the machine's disk and is booked after its next start

    @ccv:UNA-X1 @recovery @operator @maestro
    Scenario: The payment host is away as a charge ends; the 6.00 EUR completion is booked once after service staff restart the machine
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for 12 minutes at 0.50 EUR a minute
      And the payment host cannot be reached from 10 minutes into the charge on charger 1, for 5 minutes
      When the driver charges at the station, and 30 minutes later service staff switch the machine off and on again
      Then the completion the terminal could not book was answered "TimedOut", and the driver was left reading "Payment result unknown, please contact the operator"
      And after the restart the machine completes 6.00 EUR on the same reservation, the value charger 1 delivered, once

  Rule: After a power failure the machine settles every open session from its database before serving anyone

    @ccv:UNA-Y1 @recovery @operator @maestro
    Scenario Outline: The power to machine and terminal fails <moment>; the session is settled after boot, never for more than was metered
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for 60 minutes at 0.50 EUR a minute
      When the power to machine and terminal fails <moment> and comes back 5 minutes later
      Then the restarted machine was out of order until the session was settled, before serving anyone
      And the driver pays <charged>, never more than charger 1 metered, and nothing twice
      And the driver is charged at most 30 seconds of charging less than charger 1 metered
      And the journal read back after the restart shows the session settled

      Examples:
        | moment                                | charged                                        |
        | just after the reservation is asked for | nothing                                        |
        | 20 minutes into the charge            | the last reading the machine stored            |
        | just after the completion is sent     | the reading the machine stored at the end      |

    @ccv:UNA-Y1 @recovery @operator @maestro
    Scenario Outline: The machine's own program is killed without warning <moment>; a fresh start on its database settles the session
      Given the machine runs as its own program, on the wall clock, for a driver who charges 1.5 seconds at 1.00 EUR a second
      When the machine's program is killed <moment> and started again on the same database
      Then the driver pays <charged>, as the killed program had stored it, and nothing twice
      And no reservation is left open, no session is left open, and the fresh program never asked for the money again

      Examples:
        | moment                                  | charged                                   |
        | just after the reservation is asked for | nothing                                   |
        | while the car charges                   | the last reading the machine stored       |
        | just after the completion is sent       | the reading the machine stored at the end |

    @ccv:UNA-Y2 @recovery @operator @maestro
    Scenario: Mains fails 20 minutes into a charge on a machine with battery backup; it completes 10.00 EUR and shuts down cleanly
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for 60 minutes at 0.50 EUR a minute
      When mains power fails 20 minutes into the charge on charger 1 and comes back 10 minutes later
      Then charger 1 was stopped when mains failed
      And the driver pays exactly 10.00 EUR, the value charger 1 delivered, before the machine shut down
      And after power returned the machine started normally with no open session and asked nothing about the past
