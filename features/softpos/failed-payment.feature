@softpos
Feature: Failed payment
  A payment that does not go through leaves the order unpaid and nothing charged, however it ended:
  declined, the SoftPOS app closed or killed, the POS app force-stopped, the terminal uninstalled
  elsewhere, the SoftPOS app's data cleared or the app removed. The POS app finds out from CCV by the
  payment's reference, says in words what happened and what to do, and never pays an order twice.

  Background:
    Given terminal "T-1001" exists in CCV's terminal management
    And terminal "T-1001" is installed on the phone

  Rule: A declined payment leaves the order unpaid

    @ccv:SPOS-DECLINED @contactless
    Scenario: The card's issuer declines
      Given the customer will tap a card their issuer declines
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the POS app shows the payment as declined, naming "13000 TRANSACTION_ERROR", and offers another try
      And the order is not paid
      And CCV charged nothing for the order

    @ccv:SPOS-DECLINED @contactless
    Scenario: The customer pays the declined order with another card
      Given the customer's card was declined for an order of 10.00 EUR
      And the customer will tap a card their issuer approves
      When the cashier takes the same order again by SoftPOS
      Then the order is paid
      And CCV has exactly 1 payment for the order
      And CCV charged 10.00 EUR once for the order

  Rule: Closing the SoftPOS app cancels the payment, and the POS app confirms that with CCV

    @ccv:SPOS-APP-CLOSED @abort
    Scenario: The merchant closes the SoftPOS app while it asks for the card
      Given the merchant will close the SoftPOS app when it asks for the card
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the POS app shows the payment as cancelled
      And the POS app asked CCV for the status by the payment's reference until it was final
      And the order is not paid
      And CCV charged nothing for the order

    @ccv:SPOS-APP-CLOSED @abort @contactless
    Scenario: The next payment waits until the SoftPOS app has finished the closed one
      Given the merchant closed the SoftPOS app during the previous payment
      And the customer will tap a card their issuer approves
      When the customer pays an order of 5.00 EUR by SoftPOS
      Then the SoftPOS app answered that it was busy with the previous request
      And the POS app waited for the SoftPOS app instead of showing a decline
      And the order is paid
      And CCV charged 5.00 EUR once for the order

  Rule: A payment interrupted by a stopped app is resolved by its reference, never assumed

    @ccv:SPOS-POS-APP-KILLED @recovery @contactless
    Scenario: Android force-stops the POS app while the customer taps
      Given the customer will tap a card their issuer approves
      And Android will force-stop the POS app when the SoftPOS app asks for the card
      When the customer pays an order of 10.00 EUR by SoftPOS and the merchant opens the POS app again 60 seconds later
      Then the POS app had stored the payment's reference before it stopped
      And the first thing the reopened POS app asked CCV was the status of that reference
      And the order is paid
      And CCV has exactly 1 payment for the order
      And CCV charged 10.00 EUR once for the order

    @ccv:SPOS-POS-APP-KILLED @recovery
    Scenario: Android kills the SoftPOS app while it asks for the card
      Given Android will kill the SoftPOS app when it asks for the card
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the POS app never showed the order as paid
      And the POS app shows that the payment failed once CCV stopped waiting for a card after 180 seconds
      And the order is not paid
      And CCV charged nothing for the order

    @ccv:SPOS-POS-APP-KILLED @recovery @contactless
    Scenario: Android kills the SoftPOS app while the card is being authorised
      Given the customer will tap a card their issuer approves
      And Android will kill the SoftPOS app while the card is being authorised
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the POS app tells the merchant to contact the CCV helpdesk with the payment's reference
      And the order is not paid
      And CCV charged nothing for the order

  Rule: A terminal uninstalled outside the POS app is reported, and installing it again makes payments work

    @ccv:SPOS-UNINSTALLED-REMOTELY
    Scenario: CCV's back office uninstalled the terminal
      Given CCV's back office uninstalled terminal "T-1001"
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the POS app shows that the terminal is no longer installed and how to install it again
      And the order is not paid
      And CCV has no payment for the order

    @ccv:SPOS-UNINSTALLED-REMOTELY @contactless
    Scenario: After installing the terminal again the payment goes through
      Given CCV's back office uninstalled terminal "T-1001"
      And the merchant installed terminal "T-1001" again from the POS app
      And the customer will tap a card their issuer approves
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the order is paid
      And CCV charged 10.00 EUR once for the order

  Rule: When the SoftPOS app's data was cleared, the terminal must be installed again

    @ccv:SPOS-APP-DATA-CLEARED
    Scenario: The merchant cleared the SoftPOS app's data
      Given the merchant cleared the CCV SoftPOS app's data in the phone's settings
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the POS app shows that the terminal must be installed again
      And the order is not paid
      And CCV has no payment for the order

    @ccv:SPOS-APP-DATA-CLEARED @contactless
    Scenario: After installing the terminal with a new installation code the payment goes through
      Given the merchant cleared the CCV SoftPOS app's data in the phone's settings
      And the merchant installed terminal "T-1001" again from the POS app
      And the customer will tap a card their issuer approves
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the order is paid
      And the phone holds terminal "T-1001" from a new installation code
      And CCV charged 10.00 EUR once for the order

  Rule: When the CCV SoftPOS app was removed, the POS app says to install it again

    @ccv:SPOS-APP-REMOVED
    Scenario: The merchant uninstalled the CCV SoftPOS app
      Given the merchant uninstalled the CCV SoftPOS app from the phone
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the POS app shows that the CCV SoftPOS app must be installed, naming "11000 SOFTPOS_NOT_INSTALLED"
      And the order is not paid
      And CCV has no payment for the order

    @ccv:SPOS-APP-REMOVED @contactless
    Scenario: After installing the app and the terminal again the payment goes through
      Given the merchant uninstalled the CCV SoftPOS app from the phone
      And the merchant installed the CCV SoftPOS app from the Play Store
      And the merchant installed terminal "T-1001" again from the POS app
      And the customer will tap a card their issuer approves
      When the customer pays an order of 10.00 EUR by SoftPOS
      Then the order is paid
      And CCV charged 10.00 EUR once for the order
