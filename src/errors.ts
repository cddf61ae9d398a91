/**
 * An error in how the library is used (never a simulated exchange error).
 * `code` is stable so tests and tools can match on it; the message says what to do.
 */
export class MockExchangeError extends Error {
  readonly code: string

  constructor(code: string, message: string) {
    super(message.startsWith('[mock-exchange]') ? message : `[mock-exchange] ${message}`)
    this.name = 'MockExchangeError'
    this.code = code
  }
}
