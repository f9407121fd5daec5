import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the playground in headless Chromium (test/browser/).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
  },
});
