#!/usr/bin/env node
// The mock-exchange CLI: runs the built JavaScript (npm run build writes dist/).
try {
  await import('../dist/src/cli/run.js')
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/src/cli/run.js')) {
    console.error('mock-exchange: the CLI is not built. Run `npm run build` in the package first.')
    process.exitCode = 1
  } else {
    throw error
  }
}
