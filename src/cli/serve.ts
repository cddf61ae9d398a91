import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { EngineMarketConfig } from '../engine/engine.js'
import { ExchangeType, type ExchangePlugin } from '../exchange/types.js'
import type { FaultRule } from '../faults/catalog.js'
import { supportedExchanges } from '../registry.js'
import { createMockServer, type MockServer } from '../server/mock-server.js'
import type { NetworkConditions } from '../server/network.js'
import type { MockServerOptions } from '../server/options.js'
import { canonicalPair } from '../server/pairs.js'
import { parseJson, parseNumber, parseSeed, parseTime, UsageError } from './args.js'
import type { CliIo } from './io.js'

export const SERVE_USAGE = `mock-exchange serve --exchange binance_spot [options]

Serves mocked exchanges on loopback ports until Ctrl+C. A client swaps only its base URL.

  --exchange, -e <type>  an exchange to serve; repeat, or comma-separate; 'all' for every
                         supported one (${supportedExchanges().join(', ')})
  --plugin <module>      your own exchange: a JS module exporting an ExchangePlugin (repeatable)
  --host <addr>          default 127.0.0.1
  --port <n>             default 0 (a free port); exchange i gets port + i
  --one-port             every exchange on one port, under /<type>/... (e.g. /binance_spot/api/v3/klines)
  --seed <n|text>        default 1
  --speed <x>            clock speed: 1 (default) is real time, 60 is a minute per second
  --start <time>         the clock's start (default: now); markets' prices hold at it
  --market <pair[=price]>  e.g. BTC/USDT=50000 or ETHUSDT (repeatable; default BTC/USDT, ETH/USDT)
  --latency <ms>         network latency on every answer and frame (real ms)
  --packet-loss <rate>   share of WebSocket frames lost, 0–1
  --error-rate <rate>    share of REST requests answered 503, 0–1
  --fault <json>         a fault rule, e.g. '{"type":"status","status":429,"route":"klines","every":5}'
  --no-limits            rate limits off (on by default, with the exchanges' numbers)
  --limits-scale <x>     rate limits × x
  --config <file.json>   any of the above as JSON (flags win); markets may replay { "file": "btc.csv" }
  --json                 print the endpoints as one JSON line instead of a table
`

/** The JSON config file: the flags' names in camelCase, and full market and fault objects. */
interface ServeConfig {
  exchanges?: string[]
  plugins?: string[]
  host?: string
  port?: number
  onePort?: boolean
  seed?: number | string
  speed?: number
  start?: string | number
  markets?: Array<EngineMarketConfig & { replay?: EngineMarketConfig['replay'] & { file?: string } }>
  network?: NetworkConditions
  faults?: FaultRule[]
  limits?: false | { scale?: number }
  journalLimit?: number
}

const CONFIG_KEYS = new Set(['exchanges', 'plugins', 'host', 'port', 'onePort', 'seed', 'speed', 'start', 'markets', 'network', 'faults', 'limits', 'journalLimit'])

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowNegative: true,
    options: {
      exchange: { type: 'string', short: 'e', multiple: true },
      plugin: { type: 'string', multiple: true },
      host: { type: 'string' },
      port: { type: 'string' },
      'one-port': { type: 'boolean' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      start: { type: 'string' },
      market: { type: 'string', multiple: true },
      latency: { type: 'string' },
      'packet-loss': { type: 'string' },
      'error-rate': { type: 'string' },
      fault: { type: 'string', multiple: true },
      limits: { type: 'boolean' },
      'limits-scale': { type: 'string' },
      config: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    io.stdout(SERVE_USAGE)
    return 0
  }
  const config = values.config ? readConfig(resolve(io.cwd, values.config)) : {}
  const configDir = values.config ? dirname(resolve(io.cwd, values.config)) : io.cwd

  const named = (values.exchange ?? config.exchanges ?? []).flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean)
  const types = named.includes('all') ? supportedExchanges() : named.map(exchangeTypeOf)
  const plugins = await Promise.all([...(config.plugins ?? []).map((p) => resolve(configDir, p)), ...(values.plugin ?? []).map((p) => resolve(io.cwd, p))].map(loadPlugin))
  const exchanges: Array<ExchangeType | ExchangePlugin> = [...types, ...plugins.flat()]
  if (exchanges.length === 0) throw new UsageError(`serve needs at least one --exchange (${supportedExchanges().join(', ')}, or all) or --plugin.`)

  const speed = values.speed !== undefined ? parseNumber(values.speed, '--speed', (n) => n > 0 && Number.isFinite(n), 'a speed > 0') : (config.speed ?? 1)
  const startText = values.start ?? (config.start === undefined ? undefined : String(config.start))
  const start = startText === undefined ? undefined : parseTime(startText, '--start')
  const network: NetworkConditions = { ...config.network }
  if (values.latency !== undefined) network.latencyMs = parseNumber(values.latency, '--latency', (n) => n >= 0, 'a number of ms ≥ 0')
  if (values['packet-loss'] !== undefined) network.packetLossRate = parseNumber(values['packet-loss'], '--packet-loss', (n) => n >= 0 && n <= 1, 'a rate from 0 to 1')
  if (values['error-rate'] !== undefined) network.errorRate = parseNumber(values['error-rate'], '--error-rate', (n) => n >= 0 && n <= 1, 'a rate from 0 to 1')
  const faults = [...(config.faults ?? []), ...(values.fault ?? []).map((text) => parseJson(text, `--fault ${text}`) as FaultRule)]
  const limits =
    values.limits === false ? false : values['limits-scale'] !== undefined ? { scale: parseNumber(values['limits-scale'], '--limits-scale', (n) => n > 0, 'a scale > 0') } : config.limits

  const options: MockServerOptions = {
    exchangeType: exchanges,
    host: values.host ?? config.host ?? '127.0.0.1',
    port: values.port !== undefined ? parseNumber(values.port, '--port', (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port from 0 to 65535') : (config.port ?? 0),
    layout: (values['one-port'] ?? config.onePort) ? 'one-port' : 'port-per-exchange',
    seed: values.seed !== undefined ? parseSeed(values.seed) : config.seed,
    // Real time is the system clock itself; any other speed, or a chosen start, is an accelerated clock.
    clock: speed === 1 && start === undefined ? { mode: 'system' } : { mode: 'accelerated', speed, start },
    markets: (config.markets ?? []).map((market) => withReplayFile(market, configDir)),
    faults,
    network,
    ...(limits === undefined ? {} : { limits }),
    ...(config.journalLimit === undefined ? {} : { journalLimit: config.journalLimit }),
  }
  const server = createMockServer(options)
  for (const text of values.market ?? []) {
    const [pair, price] = text.split('=')
    server.addTradingPair(canonicalPair(pair), '1m', price === undefined ? undefined : parseNumber(price, `--market ${text}`, (n) => n > 0, 'a price > 0'))
  }
  await server.start()
  io.stdout(values.json ? `${JSON.stringify(summary(server, options))}\n` : table(server, options))
  await io.untilStopped()
  await server.stop()
  return 0
}

function summary(server: MockServer, options: MockServerOptions) {
  return {
    seed: server.engine.seed,
    clock: { mode: server.clock.mode, start: server.clock.start, speed: options.clock?.mode === 'accelerated' ? options.clock.speed : 1 },
    markets: server.markets.map((m) => m.symbol),
    exchanges: Object.fromEntries(server.endpoints.map((e) => [e.exchange, { name: e.name, rest: e.rest, ws: e.ws }])),
  }
}

function table(server: MockServer, options: MockServerOptions): string {
  const s = summary(server, options)
  const clock = s.clock.mode === 'system' ? 'real time' : `×${s.clock.speed} from ${new Date(s.clock.start).toISOString()}`
  const width = Math.max(...server.endpoints.map((e) => e.exchange.length))
  const lines = server.endpoints.map((e) => `  ${e.exchange.padEnd(width)}  ${e.rest}  ${e.ws}`)
  return `mock-exchange: seed ${s.seed}, clock ${clock}, markets ${s.markets.join(', ')}\n${lines.join('\n')}\nCtrl+C stops.\n`
}

function exchangeTypeOf(name: string): ExchangeType {
  const lower = name.toLowerCase()
  const type = (Object.values(ExchangeType) as string[]).find((t) => t === lower) ?? ExchangeType[name.toUpperCase() as keyof typeof ExchangeType]
  if (!type) throw new UsageError(`--exchange ${name}: no such exchange. Supported: ${supportedExchanges().join(', ')}, or all.`)
  return type as ExchangeType
}

function readConfig(path: string): ServeConfig {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new UsageError(`--config ${path}: ${(error as Error).message}`)
  }
  const config = parseJson(text, `--config ${path}`) as ServeConfig
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new UsageError(`--config ${path}: expected a JSON object.`)
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.has(key)) throw new UsageError(`--config ${path}: unknown key "${key}". Keys are ${[...CONFIG_KEYS].join(', ')}.`)
  }
  return config
}

/** A market whose replay names a CSV or JSON file (relative to the config file) gets its contents. */
function withReplayFile(market: NonNullable<ServeConfig['markets']>[number], dir: string): EngineMarketConfig {
  const file = market.replay?.file
  if (!market.replay || file === undefined) return market
  const { file: _file, ...replay } = market.replay
  const text = readFileSync(resolve(dir, file), 'utf8')
  return { ...market, replay: file.endsWith('.json') ? { ...replay, rows: JSON.parse(text) } : { ...replay, csv: text } }
}

/** A module's plugins: its default export, or every export that looks like an ExchangePlugin. */
async function loadPlugin(path: string): Promise<ExchangePlugin[]> {
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>
  } catch (error) {
    const hint = /\.[mc]?ts$/.test(path) ? ' A TypeScript plugin needs a TypeScript loader (node --import tsx …), or build it to JavaScript.' : ''
    throw new UsageError(`--plugin ${path}: ${(error as Error).message}.${hint}`)
  }
  const looksLike = (value: unknown): value is ExchangePlugin =>
    typeof value === 'object' && value !== null && Array.isArray((value as ExchangePlugin).routes) && typeof (value as ExchangePlugin).ws === 'object'
  const found = looksLike(module.default) ? [module.default] : Object.values(module).filter(looksLike)
  if (found.length === 0) throw new UsageError(`--plugin ${path}: the module exports no ExchangePlugin (an object with type, restOrigins, wsOrigins, routes, errors, limits and ws).`)
  return found
}
