import { defineParameterType } from '@cucumber/cucumber'

/** When the power goes in a session, in the words of the recovery scenarios. */
defineParameterType({
  name: 'powerMoment',
  regexp: /just after the reservation is asked for|20 minutes into the charge|just after the completion is sent/,
  transformer: (moment: string) => moment,
})

/** What a settled session costs after a power failure, in the words of the recovery scenarios. */
defineParameterType({
  name: 'storedCharge',
  regexp: /nothing|the last reading the machine stored|the reading the machine stored at the end/,
  transformer: (charge: string) => charge,
})

/** When the machine's own program is killed (the real power failure). */
defineParameterType({
  name: 'killMoment',
  regexp: /just after the reservation is asked for|while the car charges|just after the completion is sent/,
  transformer: (moment: string) => moment,
})
