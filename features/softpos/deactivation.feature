@softpos
Feature: Deactivation
  A terminal uninstalled from the POS app takes no payments until it is installed again; the same
  terminal id can then be installed again and used, with a new installation code.

  Background:
    Given terminal "T-1001" exists in CCV's terminal management
    And terminal "T-1001" is installed on the phone

  Rule: Uninstalling from the POS app turns payments off until a terminal is installed again

    @ccv:SPOS-UNINSTALL-FROM-POS
    Scenario: The merchant uninstalls the terminal from the POS app
      When the merchant uninstalls the terminal from the POS app
      Then CCV reports terminal "T-1001" as not installed
      And the POS app shows that payments are off until a terminal is installed
      And the POS app has no terminal on record

    @ccv:SPOS-UNINSTALL-FROM-POS
    Scenario: A payment after uninstalling is refused
      Given the merchant uninstalled the terminal from the POS app
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the POS app shows that no terminal is installed
      And the order is not paid
      And CCV has no payment for the order

  Rule: An uninstalled terminal id can be installed again and used

    @ccv:SPOS-REUSE-TERMINAL
    Scenario: The merchant installs the uninstalled terminal again
      Given the merchant uninstalled the terminal from the POS app
      When the merchant installs terminal "T-1001" from the POS app
      Then the POS app shows that the terminal is ready for payments
      And CCV reports terminal "T-1001" as installed
      And the phone holds terminal "T-1001" from a new installation code

    @ccv:SPOS-REUSE-TERMINAL @contactless
    Scenario: A payment on the installed-again terminal goes through
      Given the merchant uninstalled the terminal from the POS app
      And the merchant installed terminal "T-1001" again from the POS app
      And the customer will tap a card their issuer approves
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the order is paid
      And CCV charged 10.00 EUR once for the order

    @ccv:SPOS-REUSE-TERMINAL
    Scenario: Once the terminal is installed on a new phone, the old phone's installation takes no payments
      Given CCV's back office uninstalled terminal "T-1001"
      And the merchant installed terminal "T-1001" on a new phone
      And the customer will tap a card their issuer approves
      When the customer pays an order of 10.00 EUR by SoftPOS on the old phone
      Then the POS app showed that the terminal must be installed again
      And the order is not paid
      And CCV charged nothing for the order
