'use strict'

// Shared paths and conversions of the tests. The `test` script runs only `*.test.js` files,
// so this file is not run on its own.

const path = require('node:path')

const packageDir = path.join(__dirname, '..')
const repositoryDir = path.join(packageDir, '..')
const casesDir = path.join(repositoryDir, 'tests', 'conformance', 'cases')

// Converts options in the core's JSON spelling into the camelCase options of `lint`.
function jsOptions(coreOptions) {
  const names = {
    build_args: 'buildArgs',
    failure_threshold: 'failureThreshold',
    max_size: 'maxSize',
    lowest_efficiency: 'lowestEfficiency',
    highest_wasted_bytes: 'highestWastedBytes',
    highest_user_wasted_percent: 'highestUserWastedPercent',
  }
  return Object.fromEntries(
    Object.entries(coreOptions).map(([key, value]) => [names[key] ?? key, value]),
  )
}

// Returns the core kind of a thrown error from its code: `PLIMSOLL_INVALID_OPTION` gives
// `invalid_option`.
function errorKind(error) {
  return error.code.replace(/^PLIMSOLL_/, '').toLowerCase()
}

module.exports = { packageDir, repositoryDir, casesDir, jsOptions, errorKind }
