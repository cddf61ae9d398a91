import type { Clock } from '../clock/types.js'

/** Runs `fn` once when the clock reaches `time` (soon after, if it is already there). Returns the cancel function. */
export function onClockAt(clock: Clock, time: number, fn: () => void): () => void {
  if (time <= clock.now()) {
    let cancelled = false
    queueMicrotask(() => cancelled || fn())
    return () => {
      cancelled = true
    }
  }
  const subscription = clock.onBoundary({ next: (after) => (after < time ? time : Infinity) }, () => {
    subscription.unsubscribe()
    fn()
  })
  return () => subscription.unsubscribe()
}

/**
 * Waits `ms` on the exchange's clock: a manual clock must be advanced, a system clock
 * follows (fake) timers. Rejects with the signal's reason if it aborts first.
 */
export function clockSleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const abort = () => {
      cancel()
      reject(signal?.reason)
    }
    const cancel = onClockAt(clock, clock.now() + ms, () => {
      signal?.removeEventListener('abort', abort)
      resolve()
    })
    signal?.addEventListener('abort', abort, { once: true })
  })
}

/** Never resolves; rejects when the signal aborts (a request that hangs until the client gives up). */
export function untilAborted(signal?: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
}
