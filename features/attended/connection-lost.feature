@attended
Feature: Connection lost
  CCV group "Connection lost" for attended terminals: the link to the terminal, the terminal's link to
  the payment host, or the terminal itself is not there when a payment runs.

  A payment whose answer was lost may have taken money, so the register calls it "result unknown",
  never "failed", and finds out from the terminal (repeat the last answer, reprint the ticket) instead
  of paying again. The expected results are our interpretation of CCV's case titles, not CCV's text.

  Background:
    Given the checkout is ready for card payments
    And the cardholder will insert a Maestro card and enter the correct PIN

  Rule: A payment whose answer was lost is recovered on the cashier's request and never paid twice

    @ccv:ATT-Q1B @maestro @chip @pin @recovery @receipt @journal
    Scenario: The cashier recovers a payment that was approved while the link was down
      Given the link to the terminal will be down for 5 minutes from the moment a payment starts
      And a card payment of 20.00 EUR was attempted
      When the cashier checks the last transaction once the link is back
      Then while the link was down the cashier saw the result as unknown, not as failed
      And the register asked the terminal to repeat its last answer and to reprint the ticket, and never sent the payment again
      And the sale is closed as paid by card
      And the receipt is printed as a copy and the journal holds the payment of 20.00 EUR once, approved
      And the host has authorised 20.00 EUR exactly once

    @ccv:ATT-Q1B @maestro @chip @pin @recovery @journal
    Scenario Outline: A recovered payment of <amount> is booked as the terminal reports it: <result>, to the cent, with its approval code
      Given the link to the terminal will be down for 5 minutes from the moment a payment starts
      And a card payment of <amount> was attempted
      When the cashier checks the last transaction once the link is back
      Then the register asked the terminal to repeat its last answer and to reprint the ticket, and never sent the payment again
      And the journal holds the payment of <amount> once, <result>, with the approval code on the terminal's ticket
      And the sale is <sale>

      Examples:
        | amount      | result   | sale                  |
        | 20.37 EUR   | approved | closed as paid by card |
        | 1234.56 EUR | approved | closed as paid by card |
        | 50.05 EUR   | declined | still open            |

    @ccv:ATT-Q1B @maestro @chip @pin @recovery @journal
    Scenario: After two payments of 20.00 EUR, a third one whose answer was lost is recovered as itself
      Given the cashier has taken card payments of 20.00 EUR and 20.00 EUR in the first shift
      And the link to the terminal will be down for 5 minutes from the moment a payment starts
      And a card payment of 20.00 EUR was attempted
      When the cashier checks the last transaction once the link is back
      Then the journal holds 3 approved payments of 20.00 EUR, each under its own request and with the approval code on its own ticket
      And the host has authorised 20.00 EUR 3 times, once for each payment

  Rule: Without the payment host nothing is charged, the cashier is told why, and the sale can be paid later

    @ccv:ATT-Q1C @maestro @chip @pin
    Scenario: A payment without the payment host ends unpaid and succeeds once the host is back
      Given the payment host cannot be reached
      And a card payment of 10.00 EUR was attempted
      And the payment host is reachable again
      When the cashier tries the payment of the open sale again
      Then the first attempt was shown as not completed for lack of the payment host, not as declined
      And the first attempt printed no approval receipt, was journaled as failed and was not retried
      And the sale is closed as paid by card
      And the host has authorised 10.00 EUR exactly once

  Rule: A terminal that cannot take a payment is reported at once, and works again without a restart

    @ccv:ATT-Q1F
    Scenario Outline: A terminal <state> is reported at once and the sale stays open
      Given the terminal is <state>
      When the cashier takes a card payment of 11.00 EUR
      Then the cashier is told within 5 seconds that the terminal cannot take the payment now
      And the register did not retry by itself and has no payment in flight
      And the sale stays open with nothing printed
      And nothing is charged

      Examples:
        | state                                      |
        | occupied with its merchant menu            |
        | occupied with another workstation's payment |
        | switched off                               |

    @ccv:ATT-Q1F
    Scenario: A network that swallows every connection attempt: the register gives up after its 10-second connect limit, nothing sent
      Given the network to the terminal swallows every connection attempt without refusing it
      When the cashier takes a card payment of 11.00 EUR
      Then the cashier is told within 10 seconds that the terminal cannot take the payment now
      And the register did not retry by itself and has no payment in flight
      And the sale stays open with nothing printed
      And nothing is charged

    @ccv:ATT-Q1F @maestro @chip @pin
    Scenario: Once the terminal is idle again the open sale is paid without restarting the register
      Given the terminal is occupied with its merchant menu
      And a card payment of 11.00 EUR was attempted
      And the terminal is idle again
      When the cashier tries the payment of the open sale again
      Then the sale is closed as paid by card
      And the host has authorised 11.00 EUR exactly once

  Rule: A terminal that never answers leaves the result unknown, never failed, until it is recovered

    @ccv:ATT-Q1G @timeout @recovery
    Scenario: The register gives up on a silent terminal after its response timeout and calls the result unknown
      Given the terminal will accept the payment but never answer
      When the cashier takes a card payment of 20.00 EUR
      Then the register stops waiting exactly when its response timeout expires
      And the cashier sees the result as unknown, never as failed or declined
      And the journal keeps the payment of 20.00 EUR as in flight
      And nothing is charged

    @ccv:ATT-Q1G @timeout @recovery
    Scenario: A new payment is held back while the last result is unknown
      Given the terminal will accept the payment but never answer
      And a card payment of 20.00 EUR was attempted
      When the cashier takes a card payment of 5.00 EUR
      Then the register refuses to start it until the last result is known
      And the payment of 20.00 EUR was the only one sent

    @ccv:ATT-Q1G @timeout @recovery
    Scenario: Once the terminal answers again, the payment it never ran is shown as not paid
      Given the terminal will accept the payment but never answer
      And a card payment of 20.00 EUR was attempted
      And the terminal has been restarted
      When the cashier checks the last transaction
      Then the register, having hung up on the payment's connection as it gave up, asked the terminal to repeat its last answer and never sent the payment again
      And the cashier sees the payment as not paid
      And the sale stays open
      And nothing is charged

    @ccv:ATT-Q1G @timeout @recovery
    Scenario Outline: A payment of 20.00 EUR the terminal never ran is not mistaken for the earlier payment of <earlier> it reprints
      Given the cashier has taken a card payment of <earlier>
      And the terminal will accept the payment but never answer
      And a card payment of 20.00 EUR was attempted
      And the terminal has been restarted
      When the cashier checks the last transaction
      Then the cashier sees the payment as not paid
      And the journal holds the payment of <earlier> as approved and the payment of 20.00 EUR after it as not paid
      And the sale of 20.00 EUR stays open with all of it still to pay

      Examples:
        | earlier   |
        | 20.00 EUR |
        | 15.00 EUR |

  Rule: Checking the last transaction when nothing is unknown shows it and changes nothing

    @ccv:ATT-Q1B @maestro @chip @pin
    Scenario: After an approved payment of 20.00 EUR the cashier checks the last transaction and sees it approved
      Given the cashier has taken a card payment of 20.00 EUR
      When the cashier checks the last transaction
      Then the register's own messages to the cashier read "Payment approved | 20.00 EUR / Last transaction | 20.00 EUR approved", in that order
      And the host has authorised 20.00 EUR exactly once

  Rule: With a silence limit set, the register waits as long as the terminal keeps talking and gives up only on a silent one

    @ccv:ATT-Q1G @timeout @recovery
    Scenario: The network goes dead at the PIN prompt: the register gives up 50 seconds after the terminal's last word
      Given service staff have set the register to give up after 50 seconds without a word from the terminal
      And the network to the terminal goes dead, with neither side told, once the cashier has seen "Cardholder enters PIN", for 5 minutes
      When the cashier takes a card payment of 20.00 EUR
      Then the register gave up 50 seconds after the cashier saw "Cardholder enters PIN", the terminal's last word
      And the cashier sees the result as unknown, never as failed or declined
      And the journal keeps the payment of 20.00 EUR as in flight

    @ccv:ATT-Q1G @maestro @chip @pin @timeout @receipt
    Scenario Outline: A cardholder taking 28 seconds over each step keeps the terminal talking <route>, and the register waits for the approval
      Given service staff have set the register to give up after 50 seconds without a word from the terminal
      And the terminal sends its prompts and printouts <route>, as the register is set up for
      And the cardholder will insert a Maestro card and enter the correct PIN, taking 28 seconds over each step
      When the cashier takes a card payment of 20.00 EUR
      Then the sale is closed as paid by card
      And the customer receipt and the merchant copy are printed as the terminal sent them
      And the host has authorised 20.00 EUR exactly once

      Examples:
        | route                                      |
        | on a connection of its own to the register |
        | on the payment's own connection            |

  # Last in this file: lane 2's payment stays the terminal's last transaction until this register pays
  # again, and a shared bench terminal must not be holding it when a "never ran" recovery case runs.
  Rule: A terminal busy with another lane's payment turns this one away at once, and each lane keeps its own

    @ccv:ATT-Q1F @maestro @chip @pin @receipt
    Scenario: A payment at another lane keeps the terminal busy, and that lane gets its own receipt
      Given a second register, lane 2, shares the terminal
      And lane 2's customer is paying 25.00 EUR with a Maestro card, taking 20 seconds over each step
      When the cashier takes a card payment of 11.00 EUR
      Then the cashier is told within 5 seconds that the terminal cannot take the payment now
      And lane 2's payment of 25.00 EUR is approved, with its receipt printed at lane 2
      And nothing of lane 2's payment reached this register
      And the host has authorised 25.00 EUR exactly once
