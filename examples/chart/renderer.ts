import { CandlestickSeries, ColorType, createChart, type CandlestickData, type IChartApi, type ISeriesApi, type UTCTimestamp, type WhitespaceData } from 'lightweight-charts'
import type { Bar } from './source.js'

/** What the chart view needs from a drawing library. */
export interface CandleRenderer {
  setBars(bars: readonly Bar[]): void
  updateBar(bar: Bar): void
  destroy(): void
}

export const UP = '#0ecb81'
export const DOWN = '#f6465d'

const point = (bar: Bar): CandlestickData<UTCTimestamp> => ({
  time: (bar.time / 1000) as UTCTimestamp,
  open: bar.open,
  high: bar.high,
  low: bar.low,
  close: bar.close,
})

/** Empty slots drawn for missing candles at most (an outage shows as a hole, not as continuous candles). */
const MAX_HOLE = 1000

/**
 * TradingView's lightweight-charts: one candlestick series that follows the plot's size.
 * lightweight-charts spaces points by index, so candles missing from the feed (a gap) get
 * whitespace points to keep the time axis honest.
 */
export class LightweightRenderer implements CandleRenderer {
  readonly chart: IChartApi
  readonly series: ISeriesApi<'Candlestick'>
  /** The candle spacing seen (ms), and the newest candle drawn. */
  private step = Infinity
  private last: number | undefined

  constructor(plot: HTMLElement) {
    this.chart = createChart(plot, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: '#0b0e11' }, textColor: '#b7bdc6' },
      grid: { vertLines: { color: '#1e2329' }, horzLines: { color: '#1e2329' } },
      timeScale: { timeVisible: true, secondsVisible: false, rightOffset: 4 },
    })
    this.series = this.chart.addSeries(CandlestickSeries, { upColor: UP, downColor: DOWN, wickUpColor: UP, wickDownColor: DOWN, borderVisible: false })
  }

  setBars(bars: readonly Bar[]): void {
    for (let i = 1; i < bars.length; i++) this.step = Math.min(this.step, bars[i].time - bars[i - 1].time)
    const data: Array<CandlestickData<UTCTimestamp> | WhitespaceData<UTCTimestamp>> = []
    bars.forEach((bar, i) => {
      if (i > 0) data.push(...this.hole(bars[i - 1].time, bar.time))
      data.push(point(bar))
    })
    this.series.setData(data)
    this.last = bars.at(-1)?.time
  }

  updateBar(bar: Bar): void {
    if (this.last !== undefined && bar.time > this.last) {
      this.step = Math.min(this.step, bar.time - this.last)
      for (const empty of this.hole(this.last, bar.time)) this.series.update(empty)
    }
    this.series.update(point(bar))
    this.last = bar.time
  }

  /** Whitespace for the candles missing between two drawn ones. */
  private hole(from: number, to: number): WhitespaceData<UTCTimestamp>[] {
    const missing = Number.isFinite(this.step) ? Math.round((to - from) / this.step) - 1 : 0
    if (missing <= 0 || missing > MAX_HOLE) return []
    return Array.from({ length: missing }, (_, i) => ({ time: ((from + (i + 1) * this.step) / 1000) as UTCTimestamp }))
  }

  destroy(): void {
    this.chart.remove()
  }
}
