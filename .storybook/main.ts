import type { StorybookConfig } from '@storybook/html-vite'

const config: StorybookConfig = {
  framework: '@storybook/html-vite',
  stories: ['../stories/**/*.stories.ts'],
  // MSW's Service Worker (public/mockServiceWorker.js, from `npx msw init public --save`) at the root.
  staticDirs: ['../public'],
  core: { disableTelemetry: true },
}
export default config
