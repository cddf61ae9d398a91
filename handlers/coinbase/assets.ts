/**
 * What Coinbase calls an asset: its name and colour for /v2/currencies/crypto and the
 * products' base_name/quote_name. Well-known codes have their real names and colours
 * (as the Coinbase app shows them); any other code is named after itself in grey.
 */
interface AssetInfo {
  readonly name: string
  readonly color: string
  readonly sortIndex: number
}

const CRYPTO: Record<string, AssetInfo> = {
  BTC: { name: 'Bitcoin', color: '#F7931A', sortIndex: 100 },
  ETH: { name: 'Ethereum', color: '#627EEA', sortIndex: 102 },
  USDT: { name: 'Tether', color: '#22A079', sortIndex: 106 },
  USDC: { name: 'USDC', color: '#2775CA', sortIndex: 105 },
  SOL: { name: 'Solana', color: '#9945FF', sortIndex: 129 },
  XRP: { name: 'XRP', color: '#222222', sortIndex: 104 },
  DOGE: { name: 'Dogecoin', color: '#BA9F33', sortIndex: 131 },
  ADA: { name: 'Cardano', color: '#0033AD', sortIndex: 138 },
  BNB: { name: 'BNB', color: '#F3BA2F', sortIndex: 150 },
  LTC: { name: 'Litecoin', color: '#A6A9AA', sortIndex: 103 },
}

/** Fiat currencies /v2/currencies lists (every entry needs a name: ccxt lower-cases it, §1.5). */
export const FIAT: Readonly<Record<string, string>> = {
  USD: 'US Dollar',
  EUR: 'Euro',
  GBP: 'British Pound',
  SGD: 'Singapore Dollar',
}

export function isFiat(code: string): boolean {
  return Object.hasOwn(FIAT, code)
}

export function assetName(code: string): string {
  return FIAT[code] ?? CRYPTO[code]?.name ?? code
}

export function assetColor(code: string): string {
  return CRYPTO[code]?.color ?? '#8A919E'
}

export function assetSortIndex(code: string): number {
  return CRYPTO[code]?.sortIndex ?? 1000
}

/** USD and the dollar stablecoins: a product quoted in them has a $1 minimum order (quote_min_size). */
export function isDollar(code: string): boolean {
  return code === 'USD' || code === 'USDC' || code === 'USDT'
}

/**
 * A stable UUID for an asset code (asset_id): the same code always gets the same id,
 * shaped as a version-4 UUID. FNV-1a over the code, four rounds.
 */
export function assetId(code: string): string {
  let hex = ''
  for (let round = 0; round < 4; round++) {
    let hash = 0x811c9dc5 ^ round
    for (const char of `${round}:${code}`) {
      hash ^= char.charCodeAt(0)
      hash = Math.imul(hash, 0x01000193) >>> 0
    }
    hex += hash.toString(16).padStart(8, '0')
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16], 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
