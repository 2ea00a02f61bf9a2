import { defineParameterType } from '@cucumber/cucumber'
import { parseDecimal } from '../src/opi/money'
import { cardProfile, CARD_PROFILES } from '../src/terminal/cards'
import { CASHIER_MOMENTS, type CashierMoment } from './cashier'

defineParameterType({
  name: 'amount',
  regexp: /(-?\d+(?:\.\d{1,2})?) EUR/,
  transformer: (value: string) => parseDecimal(value, 'EUR'),
})

defineParameterType({
  name: 'card',
  regexp: new RegExp(Object.values(CARD_PROFILES).map((c) => c.name).join('|')),
  transformer: (name: string) => cardProfile(name),
})

defineParameterType({
  name: 'cashierMoment',
  regexp: new RegExp(Object.keys(CASHIER_MOMENTS).join('|')),
  transformer: (moment: string) => moment as CashierMoment,
})
