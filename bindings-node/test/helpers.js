'use strict'

// Shared paths and conversions of the tests. The `test` script runs only `*.test.js` files,
// so this file is not run on its own.

const path = require('node:path')

const packageDir = path.join(__dirname, '..')
const repositoryDir = path.join(packageDir, '..')
const casesDir = path.join(repositoryDir, 'tests', 'conformance', 'cases')

// Converts options in the core's JSON spelling into the camelCase options of `lint`.
function jsOptions(coreOptions) {
  // snake_case to camelCase: `hadolint_config` becomes `hadolintConfig`.
  const camelCase = (key) => key.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase())
  return Object.fromEntries(
    Object.entries(coreOptions).map(([key, value]) => [camelCase(key), value]),
  )
}

// Returns the core kind of a thrown error from its code: `PLIMSOLL_INVALID_OPTION` gives
// `invalid_option`.
function errorKind(error) {
  return error.code.replace(/^PLIMSOLL_/, '').toLowerCase()
}

module.exports = { packageDir, repositoryDir, casesDir, jsOptions, errorKind }
