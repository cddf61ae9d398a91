/** setTimeout's limit: longer delays overflow to 1 ms in Node and browsers. */
const MAX_DELAY = 2_147_483_647

/**
 * Starts a one-shot timer that does not keep Node alive (`unref()` when the handle has it,
 * as in Node; browsers return a number). Reads the global `setTimeout` at call time so
 * vi.useFakeTimers() applies. Returns the cancel function.
 */
export function startTimer(delayMs: number, callback: () => void): () => void {
  const delay = Math.min(Math.max(Math.ceil(delayMs), 0), MAX_DELAY)
  const handle: unknown = setTimeout(callback, delay)
  if (typeof handle === 'object' && handle !== null && 'unref' in handle && typeof handle.unref === 'function') {
    handle.unref()
  }
  return () => clearTimeout(handle as Parameters<typeof clearTimeout>[0])
}
