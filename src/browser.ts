// `mock-exchange/browser`: what a page needs (browser tests, demos, Storybook), without the
// Node bindings (msw/node, the fetch fast path, the `ws` package) that `mock-exchange` brings.
export * from './engine/index.js'
export * from './clock/index.js'
export { MockExchangeError } from './errors.js'
export { ExchangeType } from './exchange/types.js'
export type * from './exchange/types.js'
export type { FaultRule, Fault, RestFault, WsFault, FaultTarget, FaultTrigger } from './faults/catalog.js'
export type { FaultEvent, FaultHandle } from './faults/injector.js'
export type { JournalEntry } from './runtime/journal.js'
export { createMockExchange, MockExchange, type Faults } from './api/mock-exchange.js'
export type { MockExchangeOptions } from './api/options.js'
export { setupMockExchange, BrowserMockExchangeController, type BrowserMockExchangeOptions } from './api/setup-browser.js'
export { supportedExchanges } from './registry.js'
