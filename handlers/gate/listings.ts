import type { ExchangeContext, ListedMarket, RestReply } from '../../src/exchange/types.js'
import { numbersOf, plainUnits } from './format.js'

/**
 * The metadata ccxt.gate's loadMarkets reads (facts §0.2, §5.1, §6.2), built from the
 * markets the mock lists. Field names and order follow Gate's docs; values not derived
 * from the market (fees, leverage, funding) are Gate's usual figures (illustrative).
 */
const ok = (body: unknown): RestReply => ({ status: 200, body })

const seconds = (ms: number) => Math.floor(ms / 1000)
const startOf = (listed: ListedMarket) => seconds(Math.min(listed.market.anchor, Date.UTC(2020, 0, 1)))

/** GET /spot/currency_pairs. */
export function currencyPairs(markets: readonly ListedMarket[]): RestReply {
  return ok(
    markets.map((listed) => {
      const { base, quote, lot, tick } = listed.market
      const start = startOf(listed)
      return {
        id: listed.id,
        base,
        base_name: base,
        quote,
        quote_name: quote,
        fee: '0.2',
        min_base_amount: plainUnits(lot.units, lot.decimals),
        min_quote_amount: '3',
        max_base_amount: '10000000',
        max_quote_amount: '5000000',
        amount_precision: lot.decimals,
        precision: tick.decimals,
        trade_status: 'tradable',
        sell_start: start,
        buy_start: start,
        delisting_time: 0,
        type: 'normal',
        trade_url: `https://www.gate.com/trade/${listed.id}`,
        st_tag: false,
      }
    }),
  )
}

/** GET /spot/currencies: every base and quote of the listed pairs, once each, in order of appearance. */
export function currencies(markets: readonly ListedMarket[]): RestReply {
  const names = [...new Set(markets.flatMap((listed) => [listed.market.base, listed.market.quote]))]
  return ok(
    names.map((currency) => ({
      currency,
      name: currency,
      delisted: false,
      withdraw_disabled: false,
      withdraw_delayed: false,
      deposit_disabled: false,
      trade_disabled: false,
      chain: currency,
      chains: [{ name: currency, addr: '', withdraw_disabled: false, withdraw_delayed: false, deposit_disabled: false }],
    })),
  )
}

/** GET /futures/usdt/contracts: one perpetual per listed market, settled in USDT. */
export function contracts(context: ExchangeContext, markets: readonly ListedMarket[]): RestReply {
  const now = context.now()
  const funding = seconds(Math.floor(now / 28_800_000) * 28_800_000 + 28_800_000)
  return ok(
    markets.map((listed) => {
      const { market } = listed
      const n = numbersOf(market)
      const last = n.price(context.engine.candleAt(market.symbol, '1m', now).close)
      const tick = plainUnits(market.tick.units, market.tick.decimals)
      const start = startOf(listed)
      return {
        name: listed.id,
        type: 'direct',
        quanto_multiplier: n.quanto,
        leverage_min: '1',
        leverage_max: '100',
        maintenance_rate: '0.004',
        mark_type: 'index',
        mark_price: last,
        index_price: last,
        last_price: last,
        maker_fee_rate: '-0.0001',
        taker_fee_rate: '0.00075',
        order_price_round: tick,
        mark_price_round: tick,
        funding_rate: '0.0001',
        funding_interval: 28800,
        funding_next_apply: funding,
        order_size_min: 1,
        order_size_max: 1000000,
        order_price_deviate: '0.5',
        orders_limit: 100,
        in_delisting: false,
        create_time: start,
        status: 'trading',
        launch_time: start,
      }
    }),
  )
}

/** GET /options/underlyings and the sibling lists no plugin of this family simulates. */
export const emptyList = (): RestReply => ok([])

export const serverTime = (context: ExchangeContext): RestReply => ok({ server_time: context.now() })

