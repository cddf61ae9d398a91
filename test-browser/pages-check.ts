// The built pages in headless Debian Chromium: the static Storybook (storybook-static/) and the chart
// demo (artifacts/chart-demo/, `vite build examples/chart`). Every story's chart, and the demo's, goes
// live, paints candles and moves on its accelerated clock; the network-trouble story shows its 429
// banner first. Each page is served from 127.0.0.1 on a port the system picks. Screenshots go to
// artifacts/; with --update-docs the Storybook page also goes to docs/storybook-chart.png for the README.
// Run: npm run test:pages   (builds both, then: npx tsx test-browser/pages-check.ts [--update-docs])
import { createReadStream, existsSync, mkdirSync, statSync, copyFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from 'playwright-core'

const root = fileURLToPath(new URL('..', import.meta.url))
const site = join(root, 'storybook-static')
const demo = join(root, 'artifacts', 'chart-demo')
const artifacts = join(root, 'artifacts')
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const MINUTE = 60_000

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

/** A static server for storybook-static on 127.0.0.1, on a port the system picks. */
async function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    let file = normalize(join(dir, path))
    if (!file.startsWith(dir)) return void response.writeHead(403).end()
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!existsSync(file)) return void response.writeHead(404).end()
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(response)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

interface Check {
  /** Names the screenshot. */
  id: string
  site: 'storybook' | 'demo'
  path: string
  /** Waits for the 429 banner before the chart goes live. */
  rateLimitedFirst?: boolean
}

const story = (id: string, rateLimitedFirst = false): Check => ({ id, site: 'storybook', path: `/iframe.html?id=${id}&viewMode=story`, rateLimitedFirst })
const CHECKS: Check[] = [
  story('chart--binance-spot'),
  story('chart--binance-usd-m'),
  story('chart--bybit-spot'),
  story('chart--bybit-perpetual'),
  story('chart--okx-spot'),
  story('chart--network-trouble', true),
  story('scenarios--crash'),
  story('scenarios--halt'),
  story('scenarios--gap'),
  { id: 'demo-binance-spot', site: 'demo', path: '/' },
  { id: 'demo-bybit-linear', site: 'demo', path: '/?exchange=bybit-linear&symbol=ETHUSDT' },
]

/**
 * Counts pixels of the up and down candle colours on the chart's canvases. A string, because tsx
 * compiles named functions with a `__name` helper that does not exist in the page.
 */
const PAINTED = `(() => {
  const counts = { up: 0, down: 0 }
  for (const canvas of document.querySelectorAll('.mx-chart canvas')) {
    if (!canvas.width || !canvas.height) continue
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - 0x0e) + Math.abs(d[i + 1] - 0xcb) + Math.abs(d[i + 2] - 0x81) < 12) counts.up++
      else if (Math.abs(d[i] - 0xf6) + Math.abs(d[i + 1] - 0x46) + Math.abs(d[i + 2] - 0x5d) < 12) counts.down++
    }
  }
  return counts
})()`
const painted = (page: Page): Promise<{ up: number; down: number }> => page.evaluate(PAINTED)

const lastTime = (page: Page) => page.evaluate(() => Number(document.querySelector<HTMLElement>('.mx-chart')?.dataset.lastTime ?? NaN))

async function checkPage(page: Page, origin: string, check: Check): Promise<string> {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${origin}${check.path}`)
  if (check.rateLimitedFirst) {
    // The first history request is rate-limited (Retry-After 2 s): the banner says so, then the chart loads.
    await page.waitForFunction(() => /Rate limited by the exchange \(429\)/.test(document.querySelector('.mx-chart [role=alert]')?.textContent ?? ''), null, { timeout: 10_000 })
  }
  await page.waitForFunction(() => document.querySelector<HTMLElement>('.mx-chart [data-role=status]')?.dataset.kind === 'live', null, { timeout: 15_000 })
  const first = await lastTime(page)
  // ×60: a 1m candle every second; two more candles within a bounded wait.
  await page.waitForFunction((t) => Number(document.querySelector<HTMLElement>('.mx-chart')?.dataset.lastTime) >= t + 2 * 60_000, first, { timeout: 15_000, polling: 100 })
  const { up, down } = await painted(page)
  if (up < 500 || down < 500) throw new Error(`too few candle pixels painted (up ${up}, down ${down})`)
  await page.screenshot({ path: join(artifacts, `${check.site === 'storybook' ? 'storybook-' : ''}${check.id}.png`) })
  if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`)
  return `live, +${Math.round(((await lastTime(page)) - first) / MINUTE)} candles, ${up + down} candle pixels`
}

async function main(): Promise<void> {
  for (const [dir, build] of [[site, 'npm run build-storybook'], [demo, 'npx vite build examples/chart']]) {
    if (!existsSync(join(dir, 'mockServiceWorker.js'))) throw new Error(`${dir}/mockServiceWorker.js is missing: run \`${build}\` (after \`npx msw init public --save\`).`)
  }
  if (!existsSync(chromiumPath)) throw new Error(`No Chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH).`)
  mkdirSync(artifacts, { recursive: true })
  const storybook = await serve(resolve(site))
  const demoSite = await serve(resolve(demo))
  const origin = storybook.origin
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  let passed = 0
  let failed = 0
  try {
    for (const check of CHECKS) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 600 } })
      const page = await context.newPage()
      const began = Date.now()
      try {
        const detail = await checkPage(page, check.site === 'storybook' ? storybook.origin : demoSite.origin, check)
        passed++
        console.log(`  ✓ ${check.id} (${detail}; ${Date.now() - began} ms)`)
      } catch (error) {
        failed++
        await page.screenshot({ path: join(artifacts, `${check.id}-failed.png`) }).catch(() => {})
        console.log(`  ✗ ${check.id}: ${error instanceof Error ? error.message : String(error)}`)
      } finally {
        await context.close()
      }
    }
    // The Storybook UI itself (sidebar and the spot chart), for the README.
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const page = await context.newPage()
    await page.goto(`${origin}/?path=/story/chart--binance-spot&panel=false`)
    const frame = await (await page.waitForSelector('#storybook-preview-iframe')).contentFrame()
    if (!frame) throw new Error('the Storybook page has no preview iframe')
    await frame.waitForFunction(() => document.querySelector<HTMLElement>('.mx-chart [data-role=status]')?.dataset.kind === 'live', null, { timeout: 30_000 })
    const from = await frame.evaluate(() => Number(document.querySelector<HTMLElement>('.mx-chart')?.dataset.lastTime))
    await frame.waitForFunction((t) => Number(document.querySelector<HTMLElement>('.mx-chart')?.dataset.lastTime) >= t + 3 * 60_000, from, { timeout: 15_000, polling: 100 })
    const shot = join(artifacts, 'storybook-chart.png')
    await page.screenshot({ path: shot })
    await context.close()
    if (process.argv.includes('--update-docs')) {
      mkdirSync(join(root, 'docs'), { recursive: true })
      copyFileSync(shot, join(root, 'docs', 'storybook-chart.png'))
      console.log('  docs/storybook-chart.png updated')
    }
  } finally {
    await browser.close()
    storybook.server.close()
    demoSite.server.close()
  }
  console.log(`pages: ${passed} passed, ${failed} failed`)
  if (failed > 0) process.exitCode = 1
}

await main()
