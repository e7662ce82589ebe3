// Playwright drives Debian's Chromium against the real server serving the real
// release build (dist/). Each worker starts its own server with its own temp SQLite
// database, so tests never share state through the server.
import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Every spec must take `test` from support/fixtures.mjs: that is what watches each browser
// context and server of a test for CSP violations. One that takes Playwright's own would
// run unwatched, so it is refused here, before anything runs.
const specDir = new URL('.', import.meta.url);
for (const file of readdirSync(specDir).filter((f) => f.endsWith('.spec.mjs'))) {
  const source = readFileSync(new URL(file, specDir), 'utf8');
  if (/import\s*\{[^}]*\btest\b[^}]*\}\s*from\s*['"]@playwright\/test['"]/.test(source)) {
    throw new Error(`e2e/${file}: import { test } from './support/fixtures.mjs', not from '@playwright/test'`);
  }
}

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
