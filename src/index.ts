export * from './engine/index.js'
export { MockExchangeError } from './errors.js'
