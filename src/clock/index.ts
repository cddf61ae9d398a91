export { calendarMonths, every } from './boundaries.js'
export { createClock } from './clock.js'
export { ClockErrorCode } from './errors.js'
export type {
  Boundaries,
  BoundaryEvent,
  BoundaryListener,
  Clock,
  ClockMode,
  ClockOptions,
  Subscription,
} from './types.js'
