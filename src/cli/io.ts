/** What the CLI writes to and waits on: the process's streams and signals, or a test's. */
export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  /** Resolves when the server should stop (SIGINT or SIGTERM for the real process). */
  untilStopped(): Promise<void>
  /** The directory relative paths are read from. */
  cwd: string
}

/** The real process: Ctrl+C (or SIGTERM) stops the server gracefully; a second Ctrl+C exits at once. */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    untilStopped: () =>
      new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          process.stderr.write(`mock-exchange: ${signal}, stopping (again to exit at once)\n`)
          process.once('SIGINT', () => process.exit(130))
          resolve()
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      }),
  }
}
