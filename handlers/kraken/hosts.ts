/**
 * Kraken Spot's hosts (wire-formats §2.1, §2.5, §2.6). ccxt reaches REST on api.kraken.com
 * and the public socket on ws.kraken.com/v2; the beta and the authenticated socket hosts
 * are served too, so that a client pointed at them gets Kraken's own answers.
 */
export const REST_ORIGINS = ['https://api.kraken.com'] as const

export const WS_ORIGINS = ['wss://ws.kraken.com', 'wss://beta-ws.kraken.com', 'wss://ws-auth.kraken.com', 'wss://beta-ws-auth.kraken.com'] as const

/** The authenticated socket hosts: public market data is refused there (recorded 2026-09-25). */
export function isPrivateHost(url: URL): boolean {
  return url.hostname === 'ws-auth.kraken.com' || url.hostname === 'beta-ws-auth.kraken.com'
}
