@softpos
Feature: Success scenarios
  The merchant's POS app installs a SoftPOS terminal on the phone and takes contactless payments
  through the CCV SoftPOS app. Whatever the apps say on the way, the POS app learns each payment's
  outcome from CCV by the payment's reference, and marks an order paid only on CCV's final success.

  Background:
    Given terminal "T-1001" exists in CCV's terminal management

  Rule: An installation ends with a usable terminal, reported complete to CCV exactly once

    @ccv:SPOS-INSTALL-SUCCESS
    Scenario: The merchant installs a new terminal from the POS app
      When the merchant installs terminal "T-1001" from the POS app
      Then the POS app shows that the terminal is ready for payments
      And CCV reports terminal "T-1001" as installed
      And CCV was told 1 time that the installation of terminal "T-1001" completed
      And the POS app has terminal "T-1001" on record

    @ccv:SPOS-INSTALL-SUCCESS
    Scenario Outline: An installation that fails on the phone is explained and can be tried again
      Given <trouble>
      When the merchant installs terminal "T-1001" from the POS app
      Then the POS app shows that the installation failed, naming "<code>", and offers to try again
      And CCV was told 0 times that the installation of terminal "T-1001" completed
      And CCV reports terminal "T-1001" as not installed

      Examples:
        | trouble                                                                  | code                          |
        | the phone has no internet connection                                     | 11004 NETWORK_ERROR           |
        | a colleague starts installing terminal "T-1001" on another phone at the same time | 11002 ACTIVATION_PAYLOAD_INVALID |

  Rule: An order is paid only when CCV's final status is success

    @ccv:SPOS-PAYMENT-SUCCESS @contactless
    Scenario: A customer taps a card their issuer approves
      Given terminal "T-1001" is installed on the phone
      And the customer will tap a card their issuer approves
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the order is paid
      And the POS app showed the payment as processing while CCV still had it pending
      And the POS app marked the order paid only after CCV's status was success
      And CCV charged 10.00 EUR once for the order
      And the POS app keeps CCV's reference of the payment
