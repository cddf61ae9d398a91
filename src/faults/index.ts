export * from './catalog.js'
export { FaultInjector, type FaultEvent, type FaultHandle, type FaultSubject } from './injector.js'
