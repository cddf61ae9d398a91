export * from './engine/index.js'
export { MockExchangeError } from './errors.js'
export * from './clock/index.js'
