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
