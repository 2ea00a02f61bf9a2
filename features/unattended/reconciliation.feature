@unattended @reconciliation
Feature: Reconciliation
  CCV group "Reconciliation" for unattended terminals: closing the terminal's period.

  The machine closes the period with ServiceRequest ReconciliationWithClosure for its current shift
  (POSdata ShiftNumber, 1 to 999): when service staff ask, when they start a new shift, and by itself
  every day at a configured time, never during an open session. The terminal's totals per card circuit
  are stored beside the machine's own journal of that shift; only a Success closes the period. Our
  interpretation of CCV's titles and the vending manual's closing rule.

  Background:
    Given the machine's employees:
      | user | password   | roles   |
      | sam  | service-pw | service |

  Rule: Service staff close the period; its totals per circuit equal the journal of the period

    Background:
      Given a vending machine selling parking tickets at 2.50 EUR

    @ccv:UNA-M1 @journal @operator @maestro @mastercard
    Scenario: The service engineer closes the period; the totals equal the journal and later sales count in the next one
      Given a cardholder has bought 1 ticket with a tapped Maestro card
      And another cardholder has bought 2 tickets with a tapped Mastercard card
      When the service engineer closes the period on the machine, and a cardholder then buys a ticket with a tapped Visa card
      Then one closing is sent and answered Success
      And the closing report shows MAES 1 x 2.50 EUR and ECMC 1 x 5.00 EUR, equal to the journal of the period
      And the Visa payment counts in the next period, shift 2

    @ccv:UNA-M1 @operator @maestro
    Scenario: A closing that fails is shown, leaves the period open, and can be retried
      Given a cardholder has bought 1 ticket with a tapped Maestro card
      And the machine's printer will jam on the next report
      When the service engineer closes the period twice
      Then the first attempt is shown as failed and leaves the period open; the retry closes it, the machine showing:
        | Reconciliation failed, the period is still open; try again: \| the closing report was not printed (Failure) |
        | Period closed \| shift 1 \| MAES 1x 2.50 EUR                                                               |

    @ccv:UNA-M1
    Scenario: A cardholder cannot reach the period closing
      When a cardholder tries the period closing at the machine
      Then it is refused as for service staff only, and nothing is sent to the terminal

  Rule: A new shift number closes the previous shift's period before anything of the new shift

    Background:
      Given a vending machine selling parking tickets at 2.50 EUR

    @ccv:UNA-M2 @operator @maestro @mastercard
    Scenario Outline: Starting shift <next> closes shift <old>; its report keeps shift <old>'s totals
      Given the machine works in shift <old>
      And a cardholder has bought 1 ticket with a tapped Maestro card
      And another cardholder has bought 2 tickets with a tapped Mastercard card
      When the service engineer starts shift <next>, and a cardholder then buys a ticket with a tapped Visa card
      Then the period is closed under shift <old> before any request of shift <next>
      And the closing report of shift <old> can be read back later, with the totals of that shift only
      And the Visa payment counts in the next period, shift <next>

      Examples:
        | old | next |
        | 7   | 8    |
        | 999 | 1    |

  Rule: A charger's session counts in the closing totals for what was charged, not for what was reserved

    Background:
      Given a charging station with 1 charger that reserves 50.00 EUR per session

    @ccv:UNA-M1 @journal @operator @maestro @visa
    Scenario: A 10.00 EUR charge on a 50.00 EUR reservation counts as 10.00 EUR; a session that charged nothing counts nothing
      Given a driver has charged at charger 1 with a Maestro card and PIN, 20 minutes at 0.50 EUR a minute
      And another driver has chosen charger 1, paid with a Visa card and PIN, and never plugged in
      When the service engineer closes the period on the machine
      Then one closing is sent and answered Success
      And the closing report shows MAES 1 x 10.00 EUR and nothing else, equal to the journal of the period

  Rule: The machine closes the period itself every day at 23:00, never while a session is open

    Background:
      Given a vending machine selling parking tickets at 2.50 EUR
      And the machine closes the period every day at 23:00, and retries a failed closing after 15 minutes

    @ccv:UNA-M3 @maestro
    Scenario: With the machine idle, the period is closed once at 23:00 without anyone acting
      Given a cardholder has bought 1 ticket with a tapped Maestro card
      When the machine stands idle until 02:00 the next night
      Then exactly one closing was sent, at 23:00, and its report is stored

    @ccv:UNA-M3 @maestro
    Scenario: A session open at 23:00 delays the closing until it has ended
      When a cardholder arrives at 22:55, takes 20 minutes to choose and pay with a tapped Maestro card, and the machine runs until 02:00 the next night
      Then no closing was sent while the session was open; exactly one was sent after it ended

    @ccv:UNA-M3 @maestro
    Scenario: A failed closing is reported and retried later; the day still has one closed period
      Given a cardholder has bought 1 ticket with a tapped Maestro card
      And the machine's printer will jam on the next report
      When the machine stands idle until 02:00 the next night
      Then the failed closing is reported to the operator as "the closing report was not printed (Failure)" and retried 15 minutes later, with exactly one closed period
