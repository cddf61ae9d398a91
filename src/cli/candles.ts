import { parseArgs } from 'node:util'
import { CandleEngine } from '../engine/engine.js'
import { nextOpenTime, openTimeOf, parseInterval } from '../engine/interval.js'
import type { Candle } from '../engine/candle.js'
import type { Market } from '../engine/market.js'
import { canonicalPair } from '../server/pairs.js'
import { parseNumber, parseSeed, parseTime, UsageError } from './args.js'
import type { CliIo } from './io.js'

export const CANDLES_USAGE = `mock-exchange candles --symbol BTC/USDT [options]

Prints generated candles: the same engine, seed and numbers the mock serves.

  --symbol <pair>      BTC/USDT or BTCUSDT (required)
  --interval <i>       1s 1m 5m 1h 4h 1d 1w 1M … (default 1m)
  --start <time>       ISO (UTC when no zone) or ms; with --end or --limit
  --end <time>         exclusive; default: --limit candles after --start
  --limit <n>          how many candles when --end is not given (default 100);
                       without --start, the last <n> candles before now
  --seed <n|text>      default 1
  --price <p>          the price at --anchor (needed for pairs without a default)
  --anchor <time>      where --price holds (default 2026-01-01T00:00:00Z, so runs replay)
  --volatility <v>     annualized, e.g. 0.6
  --format csv|json    default csv (the columns replay reads back)
`

const COLUMNS = ['openTime', 'open', 'high', 'low', 'close', 'volume', 'quoteVolume', 'trades', 'takerBuyVolume', 'takerBuyQuoteVolume'] as const

export function candlesCommand(argv: string[], io: CliIo): number {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      symbol: { type: 'string' },
      interval: { type: 'string', default: '1m' },
      start: { type: 'string' },
      end: { type: 'string' },
      limit: { type: 'string' },
      seed: { type: 'string' },
      price: { type: 'string' },
      anchor: { type: 'string' },
      volatility: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    io.stdout(CANDLES_USAGE)
    return 0
  }
  if (!values.symbol) throw new UsageError('candles needs --symbol, e.g. --symbol BTC/USDT.')
  if (values.format !== 'csv' && values.format !== 'json') throw new UsageError(`--format ${values.format}: use csv or json.`)
  const symbol = canonicalPair(values.symbol)
  const interval = parseInterval(values.interval ?? '1m')
  const limit = values.limit === undefined ? 100 : parseNumber(values.limit, '--limit', (n) => Number.isInteger(n) && n > 0 && n <= 100_000, 'a whole number from 1 to 100000')
  const engine = new CandleEngine({
    seed: values.seed === undefined ? 1 : parseSeed(values.seed),
    anchor: values.anchor === undefined ? undefined : parseTime(values.anchor, '--anchor'),
    markets: [
      {
        symbol,
        ...(values.price === undefined ? {} : { price: parseNumber(values.price, '--price', (n) => n > 0, 'a price > 0') }),
        ...(values.volatility === undefined ? {} : { volatility: parseNumber(values.volatility, '--volatility', (n) => n >= 0, 'a volatility ≥ 0') }),
      },
    ],
  })
  let start: number
  let end: number
  if (values.start !== undefined) {
    start = openTimeOf(interval, parseTime(values.start, '--start'))
    end = values.end !== undefined ? parseTime(values.end, '--end') : nthOpen(interval, start, limit)
  } else {
    if (values.end !== undefined) throw new UsageError('--end needs --start (or give --limit alone for the last candles before now).')
    end = openTimeOf(interval, Date.now())
    start = end
    for (let i = 0; i < limit; i++) start = openTimeOf(interval, start - 1)
  }
  if (!(end > start)) throw new UsageError('--end must be after --start.')
  const candles = engine.candles(symbol, interval, { start, end })
  io.stdout(values.format === 'json' ? `${JSON.stringify(candles)}\n` : toCsv(candles, engine.market(symbol)))
  return 0
}

function nthOpen(interval: ReturnType<typeof parseInterval>, start: number, n: number): number {
  let time = start
  for (let i = 0; i < n; i++) time = nextOpenTime(interval, time)
  return time
}

/** Prices on the market's tick, volumes on its lot: the decimals an exchange would print. */
function toCsv(candles: readonly Candle[], market: Market): string {
  const price = (n: number) => n.toFixed(market.tick.decimals)
  const base = (n: number) => n.toFixed(market.lot.decimals)
  const quote = (n: number) => n.toFixed(market.quoteDecimals)
  const rows = candles.map((c) =>
    [c.openTime, price(c.open), price(c.high), price(c.low), price(c.close), base(c.volume), quote(c.quoteVolume), c.trades, base(c.takerBuyVolume), quote(c.takerBuyQuoteVolume)].join(','),
  )
  return `${[COLUMNS.join(','), ...rows].join('\n')}\n`
}
