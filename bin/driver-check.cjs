#!/usr/bin/env node
// Runs src/cli/driver-check.ts through ts-node, from any directory: a project's own "bin" is not linked into
// node_modules/.bin, so this file is how the command line is started without npm.
const path = require('node:path')
require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') })
require('../src/cli/driver-check').main(process.argv.slice(2))
