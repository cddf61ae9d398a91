import type { Preview } from '@storybook/html-vite'
import { setupWorker } from 'msw/browser'
import { mswLoader } from 'msw-storybook-addon/csf3'

const preview: Preview = {
  // One MSW worker for every story. msw 3 names the option onUnhandledFrame (the addon's own
  // default setup still passes v2's onUnhandledRequest, which msw 3 ignores): Storybook's own
  // modules and assets go through the worker, so anything not mocked passes.
  loaders: [
    mswLoader(async () => {
      const worker = setupWorker()
      await worker.start({ quiet: true, onUnhandledFrame: 'bypass' })
      return worker
    }),
  ],
  parameters: { layout: 'fullscreen' },
}
export default preview
