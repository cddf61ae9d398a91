import { MockExchangeError } from '../errors.js'
import type { FaultRule } from '../faults/catalog.js'

/** The seed's network conditions, for every exchange a server serves. */
export interface NetworkConditions {
  /** Added to every REST answer, every WebSocket opening and every frame the server sends (real ms; see `clockSpeed`). */
  latencyMs?: number
  /** Share of WebSocket frames from the server that are lost (0–1). REST is over TCP: it retransmits, it does not lose. */
  packetLossRate?: number
  /** Share of REST requests answered with `errorStatus` and the exchange's own body for it (0–1). */
  errorRate?: number
  /** The status of those errors. Default 503. */
  errorStatus?: number
}

/**
 * Network conditions as entries of the fault catalog: latency → `latency` (REST),
 * `openLatency` and `delay` (WebSocket); packet loss → `drop` with that probability;
 * errors → `status` with that probability. Faults wait on the exchange's clock, so
 * latency is multiplied by the clock's speed (× 60 on a clock 60 times faster) and a
 * client waits `latencyMs` real milliseconds.
 */
export function networkFaults(conditions: NetworkConditions, clockSpeed = 1): FaultRule[] {
  const { latencyMs = 0, packetLossRate = 0, errorRate = 0, errorStatus = 503 } = conditions ?? {}
  const fail = (why: string): never => {
    throw new MockExchangeError('BAD_OPTIONS', `Failed to set the network conditions ${JSON.stringify(conditions)}: ${why}`)
  }
  const known = new Set(['latencyMs', 'packetLossRate', 'errorRate', 'errorStatus'])
  for (const key of Object.keys(conditions ?? {})) if (!known.has(key)) fail(`unknown key "${key}"; use ${[...known].join(', ')}.`)
  if (!(Number.isFinite(latencyMs) && latencyMs >= 0)) fail('latencyMs must be a number of milliseconds ≥ 0.')
  for (const [name, rate] of [['packetLossRate', packetLossRate], ['errorRate', errorRate]] as const) {
    if (!(rate >= 0 && rate <= 1)) fail(`${name} must be between 0 and 1 (0.05 is 5%).`)
  }
  if (!(Number.isInteger(errorStatus) && errorStatus >= 500 && errorStatus <= 599)) fail('errorStatus must be a 5xx status.')
  const rules: FaultRule[] = []
  // A lost frame is not also delayed: the first rule that decides a frame wins, so drop goes first.
  if (packetLossRate > 0) rules.push({ type: 'drop', probability: packetLossRate })
  const ms = latencyMs * clockSpeed
  if (ms > 0) rules.push({ type: 'latency', ms }, { type: 'openLatency', ms }, { type: 'delay', ms })
  if (errorRate > 0) rules.push({ type: 'status', status: errorStatus, probability: errorRate })
  return rules
}
