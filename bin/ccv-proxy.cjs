#!/usr/bin/env node
// Runs src/cli/ccv-proxy.ts through ts-node, from any directory: a project's own "bin" is not linked into
// node_modules/.bin, so this file is how the command line is started without npm.
const path = require('node:path')
require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') })
require('../src/cli/ccv-proxy').main(process.argv.slice(2))
