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
