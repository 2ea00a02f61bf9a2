#!/usr/bin/env node
// Runs the simulated CCV Payment API (src/cli/ccv-payment-api.ts, compiled to dist/) from any directory: a
// project's own "bin" is not linked into node_modules/.bin, so this file is how the command is started without npm.
require('./compiled.cjs').runCompiled('ccv-payment-api')
