// `npm run test:chromium`: the chart in real headless Chromium (Debian's /usr/bin/chromium, no
// downloaded browser), with the browser build of the mock (MSW's Service Worker from public/).
// Kept out of `npm test` so the suite runs where Chromium is not installed; .ci/run installs it and runs this.
import { fileURLToPath } from 'node:url'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  publicDir: 'public',
  test: {
    name: 'chromium',
    include: ['test-browser/**/*.browser.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      viewport: { width: 1000, height: 640 },
      instances: [{ browser: 'chromium' }],
      provider: playwright({ launchOptions: { executablePath: chromium, args } }),
    },
  },
})
