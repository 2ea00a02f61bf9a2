@softpos
Feature: Failed installation
  An installation that cannot be done is explained to the merchant in words, with what to do next, and
  leaves nothing half done: an installed terminal stays installed, and nothing is charged.

  Background:
    Given terminal "T-1001" exists in CCV's terminal management

  Rule: Installing a terminal that is already installed changes nothing

    @ccv:SPOS-ALREADY-INSTALLED
    Scenario: The merchant starts the installation of an installed terminal again
      Given terminal "T-1001" is installed on the phone
      When the merchant installs terminal "T-1001" from the POS app
      Then the POS app shows that the terminal is already installed
      And CCV reports terminal "T-1001" as installed
      And CCV was told 1 time that the installation of terminal "T-1001" completed

    @ccv:SPOS-ALREADY-INSTALLED @contactless
    Scenario: A payment after the repeated installation goes through
      Given terminal "T-1001" is installed on the phone
      And the merchant started the installation of terminal "T-1001" again
      And the customer will tap a card their issuer approves
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the order is paid
      And CCV charged 10.00 EUR once for the order

  Rule: Without the CCV SoftPOS app the POS app says what to install, and nothing is charged

    @ccv:SPOS-APP-NOT-INSTALLED
    Scenario: Installing a terminal on a phone without the CCV SoftPOS app
      Given the CCV SoftPOS app is not on the phone
      When the merchant installs terminal "T-1001" from the POS app
      Then the POS app shows that the CCV SoftPOS app must be installed, naming "11000 SOFTPOS_NOT_INSTALLED"
      And CCV reports terminal "T-1001" as not installed

    @ccv:SPOS-APP-NOT-INSTALLED
    Scenario: Taking a payment on a phone without the CCV SoftPOS app
      Given the CCV SoftPOS app is not on the phone
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the POS app shows that the CCV SoftPOS app must be installed, naming "11000 SOFTPOS_NOT_INSTALLED"
      And the order is not paid
      And CCV has no payment for the order

    @ccv:SPOS-APP-NOT-INSTALLED
    Scenario: Once the CCV SoftPOS app is installed, the installation succeeds
      Given the CCV SoftPOS app is not on the phone
      And the merchant tried to install terminal "T-1001" from the POS app
      And the merchant installed the CCV SoftPOS app from the Play Store
      When the merchant installs terminal "T-1001" from the POS app
      Then the POS app shows that the terminal is ready for payments
      And CCV reports terminal "T-1001" as installed
