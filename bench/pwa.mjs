// Offline-first figures: a repeat visit with a warm service worker and an offline cold
// start, both with 4× CPU throttling (a mid-range phone); Lighthouse mobile, cold and warm;
// and what the "use offline" download costs. Figures only; nothing here passes or fails.
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu'];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Navigation start → catalogue searchable (the result count rendered), in ms. */
async function timeToInteractive(page, url) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator('#result-count').filter({ hasText: /\d/ }).waitFor();
  const ms = await page.evaluate(() => performance.now());
  await cdp.detach();
  return ms;
}

/**
 * Warm repeat visits and offline cold starts. Needs its own server: it is stopped for the
 * offline part. `start` is the e2e server starter.
 */
export async function serviceWorkerFigures(start, runs = 5) {
  const server = await start();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const out = {};
  try {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 780 } });
    const first = await context.newPage();
    await first.goto('/thu-tuc');
    await first.locator('#result-count').filter({ hasText: /\d/ }).waitFor();
    await first.waitForFunction(() => !!navigator.serviceWorker.controller);
    await first.close();
    const warm = [];
    for (let i = 0; i < runs; i++) {
      const page = await context.newPage();
      warm.push(await timeToInteractive(page, '/thu-tuc'));
      await page.close();
    }
    await server.stop();
    await context.setOffline(true);
    const offline = [];
    for (let i = 0; i < runs; i++) {
      const page = await context.newPage();
      offline.push(await timeToInteractive(page, '/thu-tuc'));
      await page.close();
    }
    out.warm_repeat_visit_ms = { runs, median: median(warm), all: warm.map(Math.round) };
    out.offline_cold_start_ms = { runs, median: median(offline), all: offline.map(Math.round) };
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
    server.cleanup();
  }
  return out;
}

/** What "Tải danh mục để dùng ngoại tuyến" downloads and stores, as the server reports it. */
export async function offlineBundleFigures(url) {
  const manifest = await (await fetch(`${url}/api/v1/offline/procedures`)).json();
  let resourcesRaw = 0;
  let resourcesBr = 0;
  for (const path of manifest.resources) {
    resourcesRaw += (await (await fetch(url + path, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer()).byteLength;
    // Node's fetch decodes br transparently: ask for the length the server sent instead.
    const res = await fetch(url + path, { headers: { 'accept-encoding': 'br' } });
    resourcesBr += Number(res.headers.get('content-length')) || 0;
    await res.arrayBuffer();
  }
  return {
    procedures: manifest.procedures,
    pages: manifest.pages.length,
    pages_raw_bytes: manifest.total_bytes,
    pages_brotli_bytes: manifest.transfer_bytes,
    resources: manifest.resources.length,
    resources_raw_bytes: resourcesRaw,
    resources_brotli_bytes: resourcesBr,
  };
}

/**
 * Lighthouse mobile (its default: Moto G Power emulation, simulated slow 4G, 4× CPU), the
 * median of `runs` runs per page. Cold runs reset storage (a first visit); warm runs keep it
 * (`disableStorageReset`), after one visit that installed the service worker.
 */
export async function lighthouseFigures(url, pages, runs = 5) {
  // --no-sandbox as Playwright does by default (the sandbox refuses to run as root).
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', '--no-sandbox', ...FLAGS] });
  const out = {};
  try {
    for (const [name, path] of pages) {
      out[name] = {};
      for (const warm of [false, true]) {
        const scores = [];
        const lcps = [];
        const ttis = [];
        if (warm) await lighthouse(url + path, { port: chrome.port, onlyCategories: ['performance'], disableStorageReset: true });
        for (let i = 0; i < runs; i++) {
          const r = await lighthouse(url + path, {
            port: chrome.port,
            output: 'json',
            logLevel: 'error',
            onlyCategories: ['performance'],
            disableStorageReset: warm,
          });
          const a = r.lhr.audits;
          scores.push(Math.round((r.lhr.categories.performance.score ?? 0) * 100));
          lcps.push(a['largest-contentful-paint'].numericValue);
          ttis.push(a.interactive?.numericValue ?? NaN);
        }
        out[name][warm ? 'warm' : 'cold'] = { runs, score: median(scores), lcp_ms: Math.round(median(lcps)), tti_ms: Math.round(median(ttis)) };
      }
    }
  } finally {
    await chrome.kill();
  }
  return out;
}
