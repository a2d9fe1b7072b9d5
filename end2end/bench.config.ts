import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Measurements, not journeys: run by `make bench` (scripts/bundle_budget.sh)
// against a running release server, never by the test suite. They print
// figures and assert nothing about them.
export default defineConfig({
  ...base,
  testDir: './bench',
  testMatch: '**/*.bench.ts',
  timeout: 300_000,
  reporter: [['line']],
  use: {
    ...base.use,
    trace: 'off',
    // The HTTP cache alone makes the warm loads: the service worker's own
    // fetches would escape the page's network throttling.
    serviceWorkers: 'block',
  },
});
