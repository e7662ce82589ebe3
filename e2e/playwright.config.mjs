// Playwright drives Debian's Chromium against the real server serving the real
// release build (dist/). Each worker starts its own server with its own temp SQLite
// database, so tests never share state through the server.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs$/,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  reporter: [['list']],
  use: {
    locale: 'vi-VN',
    viewport: { width: 360, height: 780 },
    serviceWorkers: 'allow',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-gpu',
        '--disable-quic',
      ],
    },
  },
});
