export { RateLimiter, type LimitDecision, type RateLimitOptions } from './limiter.js'
