#!/usr/bin/env node
// Runs the recording OPI proxy (src/cli/ccv-proxy.ts, compiled to dist/) from any directory: a project's own
// "bin" is not linked into node_modules/.bin, so this file is how the command line is started without npm.
require('./compiled.cjs').runCompiled('ccv-proxy')
