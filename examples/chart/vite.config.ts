// `npm run chart`: the demo page (dev server), with public/ (MSW's mockServiceWorker.js) served at the root.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: fileURLToPath(new URL('../../public', import.meta.url)),
  server: { host: '127.0.0.1' },
  // `npm run test:pages` builds it here and checks it in Chromium.
  build: { outDir: fileURLToPath(new URL('../../artifacts/chart-demo', import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 2000 },
})
