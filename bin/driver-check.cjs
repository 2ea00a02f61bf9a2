#!/usr/bin/env node
// Runs driver:check (src/cli/driver-check.ts, compiled to dist/) from any directory: a project's own "bin" is not
// linked into node_modules/.bin, so this file is how the command line is started without npm.
require('./compiled.cjs').runCompiled('driver-check')
