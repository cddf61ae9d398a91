import { MockExchangeError } from '../errors.js'

/** Quotes recognised at the end of a pair written without a separator ('BTCUSDT'), longest first. */
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'USD', 'EUR', 'GBP', 'TRY', 'BRL', 'JPY', 'BTC', 'ETH', 'BNB']

/**
 * A pair as people write it — 'BTC/USDT', 'BTCUSDT', 'btc-usdt', 'BTC_USDT' — as the
 * engine's canonical 'BTC/USDT'. Without a separator the quote is read from a known
 * suffix; anything else needs a separator.
 */
export function canonicalPair(pair: string): string {
  const text = String(pair ?? '').trim().toUpperCase()
  const separated = /^([A-Z0-9]{1,20})[/\-_:]([A-Z0-9]{1,20})$/.exec(text)
  if (separated) return `${separated[1]}/${separated[2]}`
  const quote = /^[A-Z0-9]{2,40}$/.test(text) ? QUOTES.find((q) => text.endsWith(q) && text.length > q.length) : undefined
  if (quote) return `${text.slice(0, -quote.length)}/${quote}`
  throw new MockExchangeError(
    'BAD_MARKET',
    `Failed to read the pair "${pair}": write it as BASE/QUOTE ('BTC/USDT'), or glued with a known quote (${QUOTES.join(', ')}) such as 'BTCUSDT'.`,
  )
}
