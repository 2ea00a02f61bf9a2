@unattended @mifare @contactless
Feature: Mifare handling
  CCV group "Mifare handling" for unattended terminals: subscription and fleet cards that pay nothing.

  The terminal reads a Mifare card's UID and hands it to the machine. How the UID travels on OPI is not
  public: we assume a CardServiceRequest "CardValidation" answered with PrivateData/MifareUID (a dialect
  setting, see ARCHITECTURE.md). A registered card is booked to its account without any payment; a
  payment card is never taken for a subscription card. Our interpretation of CCV's titles.

  Background:
    Given a vending machine selling parking tickets at 2.50 EUR
    And the machine's fleet register:
      | card         | account         |
      | fleet card 1 | ACME Logistics  |

  Rule: A registered card is booked to its account; an unknown one is refused; no card times out

    @ccv:UNA-I1 @operator
    Scenario: A registered fleet card gets its ticket booked to the fleet account, with no payment
      When a driver presents fleet card 1 when asked for the subscription card and takes 1 ticket
      Then the machine says "Card accepted" and 1 ticket is delivered
      And no payment or reservation is asked of the terminal and the host authorised nothing
      And 2.50 EUR is booked to "ACME Logistics" for fleet card 1

    @ccv:UNA-I2 @operator
    Scenario: An unknown fleet card is refused with a message and nothing else happens
      When a driver presents fleet card 2 when asked for the subscription card and takes 1 ticket
      Then the machine says "Card not recognised" and returns to idle, with nothing delivered or booked
      And no payment or reservation is asked of the terminal and the host authorised nothing

    @ccv:UNA-I3 @timeout
    Scenario: Nobody presents a card: after the terminal's 60-second card time-out the machine returns to idle
      When a driver presents nothing when asked for the subscription card
      Then the machine says "Time-out" and returns to idle, with nothing delivered or booked
      And no payment or reservation is asked of the terminal and the host authorised nothing

  Rule: A payment card is never taken for a subscription card

    @ccv:UNA-I4 @mastercard @operator
    Scenario: With the policy "refuse", a Mastercard is refused and the subscription card asked for
      Given the machine refuses payment cards held up for a subscription
      When a driver taps a Mastercard card when asked for the subscription card, and would take 1 ticket
      Then the machine says "This is a payment card, not a subscription card; present your subscription card" and returns to idle, with nothing delivered or booked
      And no payment or reservation is asked of the terminal and the host authorised nothing
      And the payment card was not looked up as a subscription

    @ccv:UNA-I4 @mastercard @operator
    Scenario: With the policy "route to payment", a Mastercard goes through the normal payment
      Given the machine routes payment cards held up for a subscription
      When a driver taps a Mastercard card when asked for the subscription card, and would take 1 ticket
      Then the normal payment follows: 2.50 EUR is shown before the card is asked for, and charged once
      And the payment card was not looked up as a subscription
