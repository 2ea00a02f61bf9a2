@unattended
Feature: Exception flows
  CCV group "Exception flows" for unattended terminals: what an unattended machine does when things go
  differently from a normal session, with nobody there to help: a stranger's card, a session that runs
  too long, a terminal that is busy, asleep or not yet switched on, a cardholder who never shows a card.
  Our interpretation of CCV's titles; the timings are the ones stated in each scenario.

  Rule: A card without a session at the machine stops nothing and costs nothing

    Background:
      Given a charging station with 2 chargers that reserves 50.00 EUR per session

    @ccv:UNA-O1 @operator @vpay
    Scenario: A V PAY card with no session here is told so; both running sessions charge on for their hour
      Given chargers 1 and 2 are taken by drivers charging for an hour
      And after 10 minutes of charging on charger 1, Stop is pressed and a V PAY card is held to the terminal
      When the drivers arrive one after another
      Then the V PAY card is told it has no session here, and nothing stays reserved on it
      And chargers 1 and 2 both charged for the full 60 minutes
      And the first driver pays exactly 18.00 EUR, the value charger 1 delivered
      And the second driver pays exactly 18.00 EUR, the value charger 2 delivered

  Rule: A session never runs past the machine's maximum time; what was delivered until then is charged

    Background:
      Given a charging station with 2 chargers that reserves 50.00 EUR per session

    @ccv:UNA-O2 @timeout @limits @operator @visa @receipt
    Scenario: A 90-minute charge is stopped at the 30-minute maximum and only those 30 minutes are charged
      Given the maximum delivery time is 30 minutes
      And a driver will choose charger 2 and pay with a Visa card and PIN
      And the car on charger 2 will charge for 90 minutes at 0.40 EUR a minute
      When the driver charges at the station
      Then charger 2 is stopped after 30 minutes of delivery, the maximum
      And the driver is told the maximum time was reached
      And the driver pays exactly 12.00 EUR, the value charger 2 delivered
      And the receipt shows 12.00 EUR, as the terminal sent it

  Rule: While the terminal cannot be used the machine says so, starts nothing, and comes back by itself

    Background:
      Given a charging station with 2 chargers that reserves 50.00 EUR per session
      And the machine checks the terminal every 60 seconds

    @ccv:UNA-O3 @recovery @operator @maestro
    Scenario: The terminal is in its maintenance menu for 5 minutes; the machine is out of order meanwhile, then serves again
      Given the terminal is in its maintenance menu for the first 5 minutes
      And a driver arrives 2 minutes later, chooses charger 1 and pays with a Maestro card and PIN
      And another driver arrives 8 minutes later and charges on charger 2 for 10 minutes at 0.50 EUR a minute, paying with a Maestro card and PIN
      When the drivers arrive one after another
      Then the first driver is told card payment is out of order, and no card is asked for
      And while out of order the machine asked the terminal every 60 seconds, one question at a time
      And the machine was back in service within 60 seconds of the terminal being free, with nobody's help
      And the second driver pays exactly 5.00 EUR, the value charger 2 delivered

    @ccv:UNA-O3 @operator @maestro
    Scenario: The merchant menu is open for 5 seconds just as a charge is completed; the completion is asked again and booked once
      Given a driver will choose charger 1 and pay with a Maestro card and PIN
      And the car on charger 1 will charge for 10 minutes at 0.50 EUR a minute
      And someone opens the terminal's merchant menu for 5 seconds just as the completion reaches it
      When the driver charges at the station
      Then the terminal answered the completion Busy 3 times, 2 seconds apart, each under a new request number, then Success
      And the terminal booked exactly 5.00 EUR, the value charger 1 delivered, and nothing twice

    @ccv:UNA-O8
    Scenario: A terminal without sleep mode, left idle for an hour, is never reported offline; the next session is normal
      Given a driver arrives 60 minutes later, chooses charger 1 and pays with a Maestro card and PIN
      And the car on charger 1 will charge for 10 minutes at 0.50 EUR a minute
      When the drivers arrive one after another
      Then during the idle hour the machine asked the terminal 60 times, once a minute, and every answer was ready
      And the machine never showed card payment out of order
      And the driver pays exactly 5.00 EUR, the value charger 1 delivered

    @ccv:UNA-O9
    Scenario: A terminal that sleeps after 10 idle minutes is woken by the next driver's reservation, within 10 seconds
      Given the terminal sleeps after 10 idle minutes and takes 5 seconds to wake up
      And a driver arrives 30 minutes later, chooses charger 1 and pays with a Maestro card and PIN
      And the car on charger 1 will charge for 10 minutes at 0.50 EUR a minute
      When the drivers arrive one after another
      Then the terminal was asleep when the reservation was first asked for, and said it was waking up
      And the machine asked again until the terminal was awake, within 10 seconds, without showing out of order
      And the first driver pays exactly 5.00 EUR, the value charger 1 delivered

  Rule: A payment in which no card is read ends by the terminal's time-out, with nothing reserved

    Background:
      Given a charging station with 2 chargers that reserves 50.00 EUR per session

    @ccv:UNA-O5 @timeout
    Scenario: A driver who chooses a charger but never presents a card is timed out after 60 seconds; nothing is reserved
      Given a driver will choose charger 1 and never present a card
      When the driver charges at the station
      Then the terminal ends the reservation with a time-out after its own card timeout of 60 seconds
      And the machine waited for the terminal and shows a time-out
      And no charger is released and nothing is reserved on the card
      And the machine and the terminal are ready for the next cardholder

    @ccv:UNA-O4 @chip @magstripe @timeout @operator @maestro
    Scenario: A chip that cannot be read and a swipe never made: the terminal times out after 60 seconds; nothing is reserved
      Given a driver will choose charger 1 and insert a Maestro card whose chip cannot be read, then never swipe it
      When the driver charges at the station
      Then the terminal asks for the card to be swiped instead, and the driver sees that on the machine
      And the terminal ends the reservation with a time-out after its own card timeout of 60 seconds
      And the machine waited for the terminal and shows a time-out
      And no charger is released and nothing is reserved on the card

  Rule: A machine that is switched on gets ready by itself before it serves anyone

    @ccv:UNA-O7 @recovery
    Scenario: The machine boots, checks the terminal, logs in where required and fetches the card circuits within 2 minutes
      Given a charging station with 2 chargers, still switched off
      When the machine is switched on
      Then the machine asked the terminal's status, logged in where the terminal requires it and fetched its card circuits, in that order
      And it was ready within 2 minutes, before any cardholder was served
      And the machine knows the card circuits the terminal accepts

    @ccv:UNA-O7 @recovery
    Scenario: The machine boots while the terminal is still off; it shows out of order and is ready 30 seconds after the terminal is up
      Given a charging station with 2 chargers, still switched off
      And the terminal is off and comes up 5 minutes after the machine is switched on
      When the machine is switched on
      Then the machine shows card payment out of order until the terminal is up
      And it tried again every 30 seconds, one attempt at a time
      And it was ready within 30 seconds of the terminal coming up

  Rule: A long run of mixed sessions leaves nothing behind and loses nothing

    @ccv:UNA-O6 @soak @operator
    Scenario: 1,000 sessions in turn (approved, declined, stopped at the PIN, walked away, partly approved) run without a leak
      Given a charging station with 2 chargers that reserves 50.00 EUR per session
      When 1000 drivers charge one after another, their stories in turn
      Then every session ended as its driver's story says
      And every session that reached the terminal is journaled exactly once, with its completion when it had one
      And the heap after the run is within 10% of the heap after the first 100 sessions
