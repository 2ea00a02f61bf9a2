@unattended @journal
Feature: Journal
  CCV group "Journal" for unattended terminals: who may read the machine's journal, and that nobody can
  rewrite it unnoticed.

  The journal is a SQLite file on the machine. Every write is sealed into a hash chain (an HMAC whose key
  is kept outside the database) and the chain's head is kept beside the file, so a change made directly in
  the database is found by the integrity check. Reading is for a signed-in employee with the journal role;
  every attempt is logged. The attended register keeps the same journal. Our interpretation of CCV's
  titles (J1/J2 of the attended test book, secondhand).

  Background:
    Given a vending machine selling parking tickets at 2.50 EUR
    And 3 cardholders have each bought a ticket with a tapped Visa card

  Rule: Only an authenticated employee with the journal role reads the journal

    @ccv:UNA-N1
    Scenario: The journal opens for the service engineer only; every other attempt is refused and logged
      Given the machine's employees:
        | user | password   | roles   |
        | anna | journal-pw | journal |
        | bob  | service-pw | service |
      When these people try to open the journal on the machine, 5 minutes apart:
        | user                 | password   |
        | anna                 | journal-pw |
        | bob                  | service-pw |
        | anna                 | guessed    |
        | cardholder at screen |            |
      Then only anna sees the journal: 3 entries, with card numbers masked
      And the other attempts are refused, each logged with user, time and reason:
        | user                 | reason            |
        | bob                  | no journal role   |
        | anna                 | not authenticated |
        | cardholder at screen | not authenticated |

  Rule: The journal is append-only, and a direct change in its storage is found

    @ccv:UNA-N2
    Scenario: Changing or deleting entries through the storage itself is refused
      When someone with access to the database tries to change and delete entries in it
      Then every attempt is refused by the storage itself
      And the integrity check finds nothing wrong

    @ccv:UNA-N2
    Scenario Outline: A direct change in the database is reported at its first broken link
      When someone with access to the database file <changes>
      Then the integrity check reports the journal broken, first at <where>

      Examples:
        | changes                                                             | where                                                         |
        | changes the amount of the second sale                               | the second sale's entry (the row differs from what was written) |
        | deletes the second sale, switching the protection off and on again  | the second sale's entry (a row that was written is gone)        |
        | adds a sale that never happened                                     | an entry no sale wrote (a row that was never written through the journal) |
        | sets the request counter back by 2                                  | the request counter (the row differs from what was written)     |
        | changes the result of the second sale to declined                   | the second sale's entry (the row differs from what was written) |
        | changes the card number of the second sale                          | the second sale's entry (the row differs from what was written) |
        | changes the approval code of the second sale                        | the second sale's entry (the row differs from what was written) |
        | changes the time the second sale finished                           | the second sale's entry (the row differs from what was written) |
        | changes the first line of the second sale's terminal record, switching the protection off and on again | line 1 of the second sale's terminal record (the row differs from what was written) |
        | rewrites what the first link of the chain says, switching the protection off and on again | the request counter (the link's seal does not match its content) |
        | hangs the second link of the chain after a different one, switching the protection off and on again | the shift counter (the link does not follow the one before it) |
        | removes the first link of the chain, switching the protection off and on again | the chain itself (link 1 is missing (the chain jumps to 2)) |
        | changes the first line of the third sale's terminal record and the shift number, switching the protection off and on again | the shift counter (the row differs from what was written) |
        | switches off the protection against deleting journal entries        | the chain itself (the protection journal_entry_kept has been removed) |
        | switches off the protection against changing terminal records      | the chain itself (the protection terminal_record_immutable has been removed) |
        | replaces the seal of the last link in the file beside the database  | the chain itself (the last link is not the one that was written) |
