@unattended @receipt
Feature: Receipts
  CCV group "Receipts" for unattended terminals: the cardholder's ticket now, later and by e-mail.

  The machine prints the ticket the terminal sends, keeps it in its own database so the cardholder can
  fetch it later with the same card (the terminal's card token, never the card number) or with the code
  shown as a QR code, sends it by e-mail through the operator's receipt service, and erases it after the
  retention period. The legal journal keeps its own retention. Our interpretation of CCV's titles.

  Background:
    Given the machine keeps receipts for 30 days, receipt codes work for 24 hours, and it offers e-receipts

  Rule: A cardholder learns how to get the receipt, and gets only their own

    Background:
      Given a vending machine selling parking tickets at 2.50 EUR

    @ccv:UNA-F1 @operator @visa
    Scenario: After paying, the cardholder is told how to get the receipt, which holds every mandatory item
      Given a cardholder will buy 1 ticket and tap a Visa card, then skip the e-receipt
      When the cardholder buys at the machine
      Then the machine says the receipt was printed and shows a code to get it later
      And the receipt shows the masked card number of the Visa card, 2.50 EUR, date and time, terminal, approval code and card circuit

    @ccv:UNA-F2 @operator @visa @maestro
    Scenario: The Visa cardholder fetches the receipt later with the same card and sees nothing of the other card
      Given a cardholder has bought 1 ticket with a tapped Visa card
      And another cardholder has bought 2 tickets with a tapped Maestro card
      When the Visa cardholder comes back an hour later and asks for the receipt with the card
      Then the machine prints a copy of the Visa card's receipt and nothing of the Maestro card's
      And the retrieval made no payment and no authorisation

    @ccv:UNA-F2
    Scenario: A receipt code typed with a space before and after it still finds the receipt
      Given a cardholder has bought 1 ticket with a tapped Visa card
      When the cardholder types the receipt code at the machine with a space before and after it
      Then the machine shows "Copy printed" and prints 1 copy of the cardholder's receipt

    @ccv:UNA-F2 @maestro
    Scenario: A card that never paid here gets no receipt
      Given a cardholder has bought 1 ticket with a tapped Visa card
      When a cardholder who never paid here asks for a receipt with a Maestro card
      Then the machine says no receipt is available and prints nothing

    @ccv:UNA-F3
    Scenario: A reprint on the end screen is a marked copy; the next cardholder cannot reprint it
      Given a cardholder has bought 1 ticket with a tapped Visa card
      When the cardholder presses Reprint 10 seconds after paying, and the next cardholder presses it 2 minutes later
      Then one copy is printed, identical to the ticket and marked as a copy, and the second press prints nothing
      And no request reached the terminal for the reprint and no money moved

    @ccv:UNA-F3
    Scenario Outline: Reprint pressed <seconds> seconds after the receipt code was shown <gives>: the reprint lasts 30 seconds
      Given a cardholder has bought 1 ticket with a tapped Visa card
      When the cardholder presses Reprint <seconds> seconds after the machine showed the receipt code
      Then the machine shows "<shown>" and prints <copies> copy of the cardholder's receipt

      Examples:
        | seconds | gives                | shown                | copies |
        | 30      | prints a copy        | Copy printed         | 1      |
        | 31      | prints nothing       | No receipt available | 0      |

  Rule: A receipt code that expired or was deleted finds nothing, and nothing else instead

    Background:
      Given a vending machine selling parking tickets at 2.50 EUR

    @ccv:UNA-F9 @e-receipt
    Scenario Outline: A receipt code that <what> finds nothing
      Given a cardholder has bought 1 ticket with a tapped Visa card
      And another cardholder has bought 2 tickets with a tapped Maestro card
      And the first cardholder's receipt code <how>
      When the first cardholder scans the receipt code at the machine
      Then the machine says the receipt is no longer available, and no receipt is printed or shown

      Examples:
        | what          | how                                                 |
        | expired       | is more than 24 hours old                           |
        | was deleted   | was deleted by the cardholder at the machine        |

    @ccv:UNA-F9
    Scenario Outline: A receipt code scanned <age> after paying <gives>
      Given a cardholder has bought 1 ticket with a tapped Visa card
      When the cardholder scans the receipt code at the machine <age> later
      Then the machine shows "<shown>" and prints <copies> copy of the cardholder's receipt

      Examples:
        | age                 | gives                           | shown                       | copies |
        | 23 hours 59 minutes | still prints a copy             | Copy printed                | 1      |
        | 24 hours 1 minute   | finds nothing: the code expired | Receipt no longer available | 0      |

    @ccv:UNA-F9
    Scenario Outline: A code the machine never gave out finds nothing when it is <used>
      Given a cardholder has bought 1 ticket with a tapped Visa card
      When someone at the machine <uses> the receipt code NEVERGIVEN1
      Then the machine says no receipt is available and prints nothing

      Examples:
        | used    | uses    |
        | scanned | scans   |
        | deleted | deletes |

  Rule: Printer paper: low warns the operator and selling goes on; empty is said before the payment

    Background:
      Given a vending machine selling parking tickets at 2.50 EUR

    @ccv:UNA-F10 @operator
    Scenario: With paper low the operator is warned and the cardholder still gets a printed receipt
      Given the machine's printer is low on paper
      And a cardholder will buy 1 ticket and tap a Visa card, then skip the e-receipt
      When the cardholder buys at the machine
      Then the terminal is told the printer is PaperLow
      And the operator is warned that the paper is low, and the receipt is printed

    @ccv:UNA-F10 @operator
    Scenario: With no paper, a cardholder who cancels after the warning pays nothing
      Given the machine's printer is out on paper
      And a cardholder will choose 1 ticket, hear there is no paper receipt and cancel
      When the cardholder buys at the machine
      Then before any payment the machine says no paper receipt is available and offers e-mail or a code
      And nothing is asked of the terminal and nothing is reserved or charged

    @ccv:UNA-F10 @operator
    Scenario: With no paper, a cardholder who pays gets a code for the receipt instead
      Given the machine's printer is out on paper
      And a cardholder will buy 1 ticket and tap a Visa card, then skip the e-receipt
      When the cardholder buys at the machine
      Then the terminal is told the printer is PaperEmpty
      And no receipt is printed, and the machine shows a code to get it later

  Rule: Receipts are erased after the 30-day retention period; the journal is not

    Background:
      Given a vending machine selling parking tickets at 2.50 EUR

    @ccv:UNA-F11
    Scenario: 31 days later the receipt and its card references are gone, and the journal still holds the payment
      Given a cardholder has bought 1 ticket with a tapped Visa card
      When the cardholder scans the receipt code at the machine 31 days later
      Then the machine says the receipt is no longer available, and no receipt is printed or shown
      And the receipt data and its card references are erased after 30 days, and the erasure is logged
      And the legal journal still holds the payment of 2.50 EUR

    @ccv:UNA-F11 @visa
    Scenario Outline: The card finds its receipt <days> days after paying: <gives>
      Given a cardholder has bought 1 ticket with a tapped Visa card
      When the Visa cardholder asks for the receipt with the card <days> days later
      Then the machine shows "<shown>" and prints <copies> copy of the cardholder's receipt

      Examples:
        | days | gives                                  | shown                | copies |
        | 29   | a copy, within the retention period    | Copy printed         | 1      |
        | 31   | nothing, the receipt has been erased   | No receipt available | 0      |

  Rule: An e-receipt arrives with the ticket's data; when it cannot, the payment stands and there is another way

    Background:
      Given a vending machine selling parking tickets at 2.50 EUR

    @ccv:UNA-F12 @e-receipt @operator
    Scenario: The e-receipt reaches the receipt service with the ticket's mandatory data, for this transaction only
      Given a cardholder will buy 1 ticket and tap a Visa card, then ask for the e-receipt at jan@example.com
      When the cardholder buys at the machine
      Then an e-receipt for jan@example.com reaches the receipt service within 10 seconds
      And it holds the same lines as the printed ticket, with the card number masked, and only this transaction
      And its subject is "Your receipt, 2.50 EUR", it carries the receipt code the machine showed, and the cardholder is told "E-receipt sent"

    @ccv:UNA-F12 @e-receipt
    Scenario: An address without an @ is not an e-mail address: nothing is sent, and the receipt code stays the way to the receipt
      Given a cardholder will buy 1 ticket and tap a Visa card, then ask for the e-receipt at jan.example.com
      When the cardholder buys at the machine
      Then no e-receipt reaches the receipt service and nothing is logged for the operator
      And the machine says the receipt was printed and shows a code to get it later

    @ccv:UNA-F13 @e-receipt @operator
    Scenario Outline: When the receipt service <failure>, the payment stands and the cardholder gets a code instead
      Given the receipt service <failure>
      And a cardholder will buy 1 ticket and tap a Visa card, then ask for the e-receipt at jan@example.com
      When the cardholder buys at the machine
      Then the payment of 2.50 EUR stands and nothing is reversed
      And the cardholder is told the e-receipt failed and is shown a code to get the receipt instead
      And the failure is logged for the operator with the transaction's reference and the reason "<reason>", and the machine is ready for the next cardholder

      Examples:
        | failure                           | reason                                                                     |
        | is down                           | the receipt service is not reachable: connect ECONNREFUSED {service address} |
        | refuses the cardholder's address  | the receipt service refused it: 422 mailbox jan@example.com does not exist |
        | is overloaded                     | the receipt service refused it: 503 too busy, try again later              |

  Rule: Each outcome's ticket is printed as configured: paid amounts with approval code, slips for the rest

    @ccv:UNA-F4-F8 @operator @visa
    Scenario: Approved: the ticket shows the amount and the approval code
      Given a vending machine selling parking tickets at 2.50 EUR
      And a cardholder will buy 1 ticket and tap a Visa card, then skip the e-receipt
      When the cardholder buys at the machine
      Then the ticket shows 2.50 EUR and an approval code

    @ccv:UNA-F4-F8 @operator @visa
    Scenario: Declined: a slip marked declined, without approval code, and nothing charged
      Given a vending machine selling parking tickets at 50.05 EUR
      And a cardholder will buy 1 ticket and tap a Visa card, entering the PIN if asked
      When the cardholder buys at the machine
      Then the machine prints a slip marked DECLINED with no approval code, and nothing is charged

    @ccv:UNA-F4-F8 @operator @visa @abort
    Scenario: Cancelled by the cardholder: a slip marked cancelled, and nothing charged
      Given a vending machine selling parking tickets at 60.00 EUR
      And a cardholder will buy 1 ticket, tap a Visa card and press Stop at the PIN prompt
      When the cardholder buys at the machine
      Then the machine prints a slip marked CANCELLED with no approval code, and nothing is charged

    @ccv:UNA-F4-F8 @operator @maestro
    Scenario: Partial approval: the ticket shows the 12.00 EUR approved and delivered
      Given a charging station with 2 chargers that reserves 50.00 EUR per session
      And a driver will choose charger 1 and pay with a Maestro card and PIN
      And the driver's card has only 12.00 EUR available
      And the car on charger 1 will charge for 60 minutes at 0.50 EUR a minute
      When the driver charges at the station
      Then the ticket shows the 12.00 EUR approved, not the 50.00 EUR asked for

    @ccv:UNA-F4-F8 @operator @maestro
    Scenario: Completion of a reservation: the ticket shows the 15.00 EUR delivered, not the 50.00 EUR reserved
      Given a charging station with 2 chargers that reserves 50.00 EUR per session
      And a driver will choose charger 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for 30 minutes at 0.50 EUR a minute
      When the driver charges at the station
      Then the completion and the receipt show 15.00 EUR, not the reserved amount
