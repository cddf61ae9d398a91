import { processIo } from './io.js'
import { main } from './main.js'

/** The CLI's entry: bin/mock-exchange.js imports the built copy of this file. */
process.exitCode = await main(process.argv.slice(2), processIo())
