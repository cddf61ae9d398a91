/** One turn of the event loop (I/O callbacks run before it resolves); no timer, no sleep. */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Resolves once `check` holds, letting real I/O (sockets on a real port) progress between
 * checks by event-loop turns, never by sleeping; fails once `ms` of wall time have gone by.
 */
export async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await turn()
  }
}
