@attended
Feature: E-journal
  CCV group "E-journal" for attended terminals: the register keeps the terminal's journal records and
  prints and stores the merchant copies it is sent.

  Every record the terminal sends is stored unchanged in the register's database before it is
  confirmed, survives a restart, and can be read back by shift and by date. The expected results are
  our interpretation of CCV's case titles, not CCV's own text.

  Background:
    Given the checkout is ready for card payments

  Rule: Every terminal record is stored exactly once, unchanged, and survives a restart

    @ccv:ATT-M1A @maestro @chip @pin @journal
    Scenario: An approved, a declined and a cancelled payment are all in the journal after a restart
      Given the cashier has taken these card payments:
        | amount    | cardholder                    |
        | 10.00 EUR | pays with a Maestro card      |
        | 50.05 EUR | pays with a Maestro card      |
        | 12.00 EUR | presses Stop                  |
      When the register is restarted
      Then the journal read back after the restart holds exactly these payments:
        | amount    | result   |
        | 10.00 EUR | approved |
        | 50.05 EUR | declined |
        | 12.00 EUR | aborted  |
      And each entry keeps the terminal's record exactly as sent, with its time, terminal and result
      And every record the terminal sent was confirmed only once it was stored

  Rule: Merchant copies are printed complete and in order, and a failed print is never reported as printed

    @ccv:ATT-M2A @maestro @chip @pin @journal @receipt
    Scenario: The merchant copies of an approved and a declined payment are printed on the journal printer
      Given the cardholder will insert a Maestro card and enter the correct PIN
      And the cashier has taken a card payment of 10.00 EUR
      When the cashier takes a card payment of 50.05 EUR
      Then every merchant copy the terminal sent is printed on the journal printer, complete and in order
      And the merchant copies are printed apart from the customer receipts and marked as merchant copies
      And the merchant copy of the declined payment is printed too

    @ccv:ATT-M2A @maestro @chip @pin @journal @receipt
    Scenario: A journal printer that jams is reported as failed, never as printed
      Given the cardholder will insert a Maestro card and enter the correct PIN
      And the journal printer will jam on its next ticket
      When the cashier takes a card payment of 10.00 EUR
      Then the register told the terminal the merchant copy failed to print
      And nothing was printed on the journal printer

  Rule: Journal receipts are kept per shift and per day, unchanged, and survive a restart

    @ccv:ATT-M3A @maestro @chip @pin @journal @receipt
    Scenario: The journal receipts of one shift are read back after a restart exactly as received
      Given the cardholder will insert a Maestro card and enter the correct PIN
      And the cashier has taken card payments of 10.00 EUR and 50.05 EUR in the first shift
      And the next day the cashier has taken a card payment of 12.00 EUR in the second shift
      When the manager reads the journal receipts of the first shift after restarting the register
      Then exactly the 2 journal receipts of the first shift come back, as the terminal sent them
      And reading the journal receipts of that day gives the same receipts
      And each stored receipt carries its time, shift, terminal, amount and result
      And the stored receipts show only masked card numbers
