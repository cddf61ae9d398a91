import { configDefaults, defineConfig } from 'vitest/config'

// `npm test`: Node, and happy-dom for the chart's component test. The real-Chromium tests have
// their own config (test-browser/vitest.config.ts, `npm run test:chromium`), run by .ci/run.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/**/*.happy-dom.test.ts'],
        },
      },
      {
        test: {
          name: 'happy-dom',
          environment: 'happy-dom',
          include: ['test/**/*.happy-dom.test.ts'],
          // happy-dom preflights every cross-origin request; the mocked exchanges answer GETs, not OPTIONS.
          environmentOptions: { happyDOM: { url: 'http://localhost:3000/', settings: { fetch: { disableSameOriginPolicy: true } } } },
        },
      },
    ],
  },
})
