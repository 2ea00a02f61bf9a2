@unattended
Feature: Product delivery
  CCV group "Product delivery" for unattended terminals: what the machine delivers, and what that costs.

  A vending machine sells products at a fixed price: it is paid first, and delivers when the terminal
  says so. Chargers and pumps deliver a variable amount: the machine reserves first, delivers no more
  than was approved and completes exactly what was delivered. Our interpretation of CCV's titles.

  Background:
    Given a vending machine selling:
      | code | product | price    | enabled |
      | A1   | Cola    | 2.50 EUR | yes     |
      | B2   | Water   | 1.80 EUR | yes     |
      | C3   | Crisps  | 1.20 EUR | no      |

  Rule: The product and quantity chosen are what is charged, delivered, printed and journaled

    @ccv:UNA-E1 @receipt @operator
    Scenario: A cardholder buys 2 Cola for 5.00 EUR and receives exactly those
      Given a cardholder will choose 2 of product A1, confirm and pay contactless with a Maestro card
      When the cardholder buys at the machine
      Then the machine shows 2 x Cola for 5.00 EUR before the payment
      And the terminal is asked to charge exactly 5.00 EUR for the purchase
      And 2 Cola are delivered, and only once the terminal says to deliver
      And the receipt and the journal show 2 x Cola for 5.00 EUR
      And the cardholder is charged 5.00 EUR once
