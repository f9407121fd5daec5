import { defineConfig } from 'vitest/config';

// `npm test`: everything that needs only Node. The playground's browser test needs Chromium and
// runs with `npm run test:browser` (vitest.browser.config.ts); .ci/run runs both.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', '**/node_modules/**'],
  },
});
