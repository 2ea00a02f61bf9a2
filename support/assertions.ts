import { config } from 'chai'

// A failing case must say in full what the register did against what CCV expects; chai shortens by default.
config.truncateThreshold = 0
