import type { Bar } from './source.js'
import { CandleFeed, type FeedOptions, type FeedStatus } from './feed.js'
import { LightweightRenderer, type CandleRenderer } from './renderer.js'

export interface ChartOptions extends FeedOptions {
  /** Shown above the plot. Default the source's label, e.g. "Binance spot · BTCUSDT · 1m". */
  title?: string
  /** The drawing library; default lightweight-charts. Tests without a canvas pass their own. */
  renderer?: (plot: HTMLElement) => CandleRenderer
}

export interface MountedChart {
  readonly element: HTMLElement
  readonly feed: CandleFeed
  readonly renderer: CandleRenderer
  destroy(): void
}

const STYLE = `
.mx-chart { display: flex; flex-direction: column; height: 100%; min-height: 320px; background: #0b0e11; color: #eaecef;
  font: 13px/1.4 system-ui, sans-serif; border-radius: 6px; overflow: hidden }
.mx-chart header { display: flex; gap: 12px; align-items: baseline; padding: 8px 12px }
.mx-chart [data-role=status] { color: #848e9c }
.mx-chart [data-role=status][data-kind=live] { color: #0ecb81 }
.mx-chart [data-role=price] { margin-left: auto; font-variant-numeric: tabular-nums }
.mx-chart [role=alert] { padding: 6px 12px; background: #3c2a00; color: #f0b90b }
.mx-chart [role=alert][data-kind=failed] { background: #3d0d14; color: #f6465d }
.mx-chart [data-role=plot] { flex: 1; min-height: 0; position: relative }
`

/** The banner's text for a status, or undefined when all is well. */
export function bannerText(status: FeedStatus): string | undefined {
  const seconds = (ms: number) => `${Math.max(1, Math.round(ms / 1000))} s`
  switch (status.kind) {
    case 'rate-limited':
      return `Rate limited by the exchange (${status.status}). Retrying in ${seconds(status.retryInMs)}.`
    case 'exchange-error':
      return `The exchange answered ${status.status}. Retrying in ${seconds(status.retryInMs)}.`
    case 'network-error':
      return `Network error. Retrying in ${seconds(status.retryInMs)}.`
    case 'reconnecting':
      return `Live updates lost (close ${status.code}). Reconnecting in ${seconds(status.retryInMs)}…`
    case 'failed':
      return `Could not load candles (${status.message}).`
    default:
      return undefined
  }
}

const STATUS_TEXT: Record<FeedStatus['kind'], string> = {
  loading: 'loading…',
  live: '● live',
  reconnecting: 'reconnecting…',
  'rate-limited': 'waiting',
  'exchange-error': 'waiting',
  'network-error': 'waiting',
  failed: 'failed',
  stopped: 'stopped',
}

/**
 * A candle chart of one market in `container`: history over REST, then the live stream;
 * a banner says when the exchange rate-limits, fails or the stream drops.
 *
 * ```ts
 * mountChart(document.getElementById('app')!, { source: binance({ market: 'spot', symbol: 'BTCUSDT', interval: '1m' }) })
 * ```
 */
export function mountChart(container: HTMLElement, options: ChartOptions): MountedChart {
  const document = container.ownerDocument
  if (!document.getElementById('mx-chart-style')) {
    const style = document.createElement('style')
    style.id = 'mx-chart-style'
    style.textContent = STYLE
    document.head.append(style)
  }
  const element = document.createElement('div')
  element.className = 'mx-chart'
  const header = document.createElement('header')
  const title = document.createElement('strong')
  title.textContent = options.title ?? options.source.label
  const status = document.createElement('span')
  status.dataset.role = 'status'
  const price = document.createElement('span')
  price.dataset.role = 'price'
  header.append(title, status, price)
  const banner = document.createElement('div')
  banner.setAttribute('role', 'alert')
  banner.hidden = true
  const plot = document.createElement('div')
  plot.dataset.role = 'plot'
  element.append(header, banner, plot)
  container.append(element)

  const renderer = options.renderer?.(plot) ?? new LightweightRenderer(plot)
  // The newest candle's open time, also on the element for end-to-end checks of a built page.
  const showLast = (bar: Bar | undefined) => {
    price.textContent = bar === undefined ? '' : String(bar.close)
    element.dataset.lastTime = bar === undefined ? '' : String(bar.time)
  }
  const showStatus = (next: FeedStatus) => {
    status.textContent = STATUS_TEXT[next.kind]
    status.dataset.kind = next.kind
    const text = bannerText(next)
    banner.hidden = text === undefined
    banner.textContent = text ?? ''
    banner.dataset.kind = next.kind
  }
  const feed = new CandleFeed(options, {
    reset(bars) {
      renderer.setBars(bars)
      showLast(bars.at(-1))
    },
    update(bar) {
      renderer.updateBar(bar)
      showLast(bar)
    },
    status: showStatus,
  })
  showStatus(feed.status)
  feed.start()
  return {
    element,
    feed,
    renderer,
    destroy() {
      feed.stop()
      renderer.destroy()
      element.remove()
    },
  }
}
