import { readFileSync } from 'node:fs'
import { supportedExchanges } from '../registry.js'
import { CANDLES_USAGE, candlesCommand } from './candles.js'
import { describeError, UsageError } from './args.js'
import type { CliIo } from './io.js'
import { SERVE_USAGE, serveCommand } from './serve.js'

export const USAGE = `Usage: mock-exchange <command> [options]

Commands:
  serve       serve mocked exchanges on loopback ports (HTTP and WebSocket)
  candles     print generated candles as CSV or JSON
  exchanges   list the exchanges this version serves

Run mock-exchange <command> --help for a command's options.
`

/** Runs one CLI command; resolves with the exit code (0 ok, 1 failed, 2 bad usage). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'serve':
        return await serveCommand(rest, io)
      case 'candles':
        return candlesCommand(rest, io)
      case 'exchanges':
        io.stdout(`${supportedExchanges().join('\n')}\n`)
        return 0
      case '--version':
      case '-v':
        io.stdout(`${version()}\n`)
        return 0
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE)
        return command === undefined ? 2 : 0
      default:
        throw new UsageError(`unknown command "${command}".`)
    }
  } catch (error) {
    const usage = command === 'serve' ? SERVE_USAGE : command === 'candles' ? CANDLES_USAGE : USAGE
    // parseArgs reports unknown or malformed flags with codes ERR_PARSE_ARGS_*.
    const isUsage = error instanceof UsageError || String((error as { code?: unknown })?.code).startsWith('ERR_PARSE_ARGS')
    const message = isUsage ? (error as Error).message : describeError(error)
    io.stderr(`${message.startsWith('[mock-exchange]') ? message : `mock-exchange: ${message}`}\n`)
    if (isUsage) io.stderr(`\n${usage}`)
    return isUsage ? 2 : 1
  }
}

function version(): string {
  // src/cli/main.ts and dist/src/cli/main.js both find the package two or three levels up.
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const json = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string }
      if (json.name === 'mock-exchange') return json.version ?? 'unknown'
    } catch {
      // not this level
    }
  }
  return 'unknown'
}
