@unattended
Feature: Device selection
  CCV group "Device selection" for unattended terminals: the charger or pump a session is for.

  The cardholder chooses a charger on the machine before paying. Only a charger that exists, is in
  service and is free can be chosen; nothing is reserved until one is, and only the chosen charger is
  released after approval. The expected results are our interpretation of CCV's case titles.

  Background:
    Given a charging station with 3 chargers that reserves 50.00 EUR per session

  Rule: The chosen charger is bound to the session, and only that charger is released

    @ccv:UNA-D1 @operator
    Scenario: A driver who chooses charger 2 charges there and pays what charger 2 metered
      Given a driver will choose charger 2 and pay with a Maestro card and PIN
      And the car on charger 2 will charge for 20 minutes at 0.50 EUR a minute
      When the driver charges at the station
      Then only charger 2 is released; the other chargers stay locked
      And the session is recorded with charger 2, on the slip and in the journal
      And the driver pays exactly 10.00 EUR, the value charger 2 delivered

  Rule: An invalid or unavailable charger is refused before anything is reserved

    @ccv:UNA-D2
    Scenario: Charger 9 does not exist and charger 3 is out of service; charger 1 works
      Given charger 3 is out of service
      And a driver will try charger 9, then 3, then 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for 10 minutes at 0.50 EUR a minute
      When the driver charges at the station
      Then the machine asked again after each refused entry, saying why
      And exactly one reservation is made, for charger 1
      And the driver pays exactly 5.00 EUR, the value charger 1 delivered

  Rule: Leaving the charger choice, by Cancel or by walking away, reserves nothing

    @ccv:UNA-D3 @abort
    Scenario: A driver who cancels the charger choice leaves nothing started or reserved
      Given a driver will press Cancel when asked to choose a charger
      When the driver charges at the station
      Then the machine shows that the session was cancelled and returns to idle
      And nothing is asked of the terminal and nothing is reserved or charged
      And no charger is released and nothing is reserved on the card

    @ccv:UNA-D4 @timeout
    Scenario: A driver who never chooses a charger is timed out to idle with nothing reserved
      Given a driver will walk away when asked to choose a charger
      When the driver charges at the station
      Then after 30 seconds the machine shows a time-out and returns to idle
      And nothing is asked of the terminal and nothing is reserved or charged
      And no charger is released and nothing is reserved on the card

  Rule: With no free charger, no card is read and no reservation made

    @ccv:UNA-D5
    Scenario: A third driver finds both working chargers taken and is refused before paying
      Given charger 3 is out of service
      And chargers 1 and 2 are taken by drivers charging for an hour
      And another driver will choose charger 1 and pay with a Maestro card and PIN
      When the drivers arrive one after another
      Then the last driver is told there is no free device before any card is read
      And the sessions already running are completed as normal

  Rule: A refused charger is explained in the language the driver picked

    @ccv:UNA-D2
    Scenario Outline: A driver who picks <language> reads in <language> why charger 9 and charger 3 are refused
      Given charger 3 is out of service
      And a driver will try charger 9, then 3, then 1 and pay with a Maestro card and PIN
      And the driver picks <language> on the screen
      And the car on charger 1 will charge for 10 minutes at 0.50 EUR a minute
      When the driver charges at the station
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | English  | Choose a charger / Invalid device, choose again / Device not available, choose again / We reserve \| 50.00 EUR \| You only pay what you use / Start now on \| charger 1 \| 50.00 EUR / Delivering \| charger 1 / Thank you / You paid \| 5.00 EUR |
        | Dutch    | Choose a charger / Ongeldig laadpunt, kies opnieuw / Laadpunt niet beschikbaar, kies opnieuw / Wij reserveren \| 50.00 EUR \| U betaalt alleen wat u gebruikt / Start nu op \| charger 1 \| 50.00 EUR / Bezig met leveren \| charger 1 / Dank u / U betaalde \| 5.00 EUR |
        | German   | Choose a charger / Ungueltiger Ladepunkt, neu waehlen / Ladepunkt nicht verfuegbar, neu waehlen / Wir reservieren \| 50.00 EUR \| Sie zahlen nur, was Sie nutzen / Jetzt starten an \| charger 1 \| 50.00 EUR / Abgabe laeuft \| charger 1 / Danke / Sie zahlten \| 5.00 EUR |
        | French   | Choose a charger / Borne invalide, choisissez encore / Borne indisponible, choisissez encore / Nous reservons \| 50.00 EUR \| Vous ne payez que ce que vous utilisez / Commencez maintenant sur \| charger 1 \| 50.00 EUR / Livraison en cours \| charger 1 / Merci / Vous avez paye \| 5.00 EUR |

    @ccv:UNA-D3 @abort
    Scenario Outline: A driver who picks <language> and cancels the charger choice reads in <language> that it was cancelled
      Given a driver will press Cancel when asked to choose a charger
      And the driver picks <language> on the screen
      When the driver charges at the station
      Then the machine's own screens read "<screens>", in that order

      Examples:
        | language | screens |
        | Dutch    | Choose a charger / Afgebroken |
        | German   | Choose a charger / Abgebrochen |
        | French   | Choose a charger / Annule |
