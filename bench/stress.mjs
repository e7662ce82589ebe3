// Randomised fault injection against the real app and server: a person fills the generic
// form (1.001445) at a human pace, and at a random moment one fault strikes — the tab is
// closed, the browser quits or is killed, the network drops, the server answers 5xx or
// hangs (before or after it has filed), or the device runs out of storage — while typing
// or just after "Nộp hồ sơ". The fault is then lifted and the app opened again on the same
// device storage. Checked every time: each answer typed more than a second before the
// fault is in the reopened draft or in the filed dossier (the autosave's promise), and no
// dossier is on the server twice (the outbox's promise).
//
//   node bench/stress.mjs [--iterations N] [--seed S] [--first I] [--kinds close-page,offline,…]
//                         [--phase typing|filing] [--verbose]
//
// N defaults to STRESS_ITERATIONS or 200; S to STRESS_SEED or the clock (printed, so a
// failing run can be replayed). Before the forms, the autosave's delay is measured
// directly: keystroke to IndexedDB while someone types without a pause. Prints counts per
// fault kind, writes them to target/bench-stress.json for bench.mjs's report, and exits 1
// on any lost answer, a delay over a second, or a duplicate dossier (2 when over 5 % of
// the forms could not be run). Not part of the test command: 200 forms take 45 minutes on
// a busy 2-core machine; `--iterations 5` about two.
//
// Device storage: each iteration has its own Chromium profile directory, opened with
// launchPersistentContext, so IndexedDB outlives a closed or killed browser exactly as
// it outlives an app killed on a phone. "Storage full": Chromium gives a site a share of
// the free disk (gigabytes here), so a storage-full iteration opens its browser with the
// site's quota set to 8 MB through the DevTools protocol (Storage.overrideQuotaForOrigin),
// the room a nearly full phone leaves; at the fault another database of the site fills
// it until IndexedDB answers QuotaExceededError (as the 17 MB offline catalogue download
// would on such a phone). Lifting the fault gives the quota back and deletes the filler.
//
// Service workers are blocked: page.route does not see requests a service worker makes,
// and the faults below are injected with it (the outbox does not rely on the worker).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { startServer } from '../e2e/support/server.mjs';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const GENERIC = '1.001445'; // generic schema: applicant → one attachment slot → confirm
const FAULTS = ['close-page', 'close-browser', 'kill-browser', 'offline', 'server-5xx', 'server-hang', 'storage-full'];
/** Faults after which the page is gone and nothing more is typed. */
const CRASHES = new Set(['close-page', 'close-browser', 'kill-browser']);
/** The autosave's promise (forms/src/autosave.rs): older answers survive any fault. */
const GRACE_MS = 1000;
/** The room a nearly full phone leaves the site, in the storage-full iterations. */
const QUOTA_BYTES = 8 * 1048576;

const args = parseArgs(process.argv.slice(2));
const ITERATIONS = Number(args.iterations ?? process.env.STRESS_ITERATIONS ?? 200);
const SEED = Number(args.seed ?? process.env.STRESS_SEED ?? Date.now() % 2 ** 31);
// Each form's choices follow from the seed and its number alone: `--seed S --first 37
// --iterations 1` runs form 37 of a run again.
const FIRST = Number(args.first ?? 0);
const KINDS = args.kinds ? args.kinds.split(',') : FAULTS;
const PHASES = args.phase ? [args.phase] : ['typing', 'filing'];
const VERBOSE = Boolean(args.verbose);
for (const k of KINDS) if (!FAULTS.includes(k)) throw new Error(`unknown fault kind ${k}; known: ${FAULTS.join(', ')}`);

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = argv[i].match(/^--([a-z-]+)(?:=(.*))?$/);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    if (m[2] !== undefined) out[m[1]] = m[2];
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[m[1]] = argv[++i];
    else out[m[1]] = true;
  }
  return out;
}

/** mulberry32: small, seedable, and good enough to pick faults and pauses. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.between = (lo, hi) => lo + next() * (hi - lo);
  next.int = (lo, hi) => Math.floor(next.between(lo, hi + 1));
  next.pick = (xs) => xs[Math.floor(next() * xs.length)];
  return next;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const pad = (n) => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------
// The person and what they type.

// Syllables that spell the iteration's number: every dossier of a run has its own name,
// so a duplicate cannot hide behind another idempotency key.
const SYLLABLES = ['An', 'Bảo', 'Cúc', 'Dung', 'Giang', 'Hà', 'Khánh', 'Lan', 'Minh', 'Ngọc', 'Oanh', 'Phúc', 'Quang', 'Sơn', 'Thảo', 'Uyên', 'Vân', 'Xuân', 'Yến', 'Đức'];

function person(i, r) {
  const tag = [Math.floor(i / 400) % 20, Math.floor(i / 20) % 20, i % 20].map((k) => SYLLABLES[k]).join(' ');
  const name = `${r.pick(['Lê', 'Nguyễn', 'Trần', 'Phạm'])} Thị ${tag}`;
  const year = r.int(1950, 1999);
  const dob = `${pad(r.int(1, 28))}/${pad(r.int(1, 12))}/${year}`;
  // CCCD: province 001, then century-and-sex digit and the birth year, as the form checks.
  const cccd = `001${r.int(0, 1)}${String(year).slice(2)}${String(r.int(0, 999999)).padStart(6, '0')}`;
  const ward = r.pick([4, 235]);
  const street = `Số ${r.int(1, 199)} phố ${r.pick(['Kim Mã', 'Huế', 'Tôn Đức Thắng', 'Hàng Bông'])}`;
  // Mobile prefixes only: the form refuses landlines and unassigned ones such as 095.
  const phone = `${r.pick(['090', '091', '093', '094', '096', '097', '098', '032', '086', '088'])}${String(r.int(0, 9999999)).padStart(7, '0')}`;
  const email = r() < 0.5 ? `mai.${i}@example.vn` : null;
  const notes = r() < 0.6 ? `Xin nhận kết quả tại nhà, lần ${i}.` : null;
  const pdf = Buffer.from(`%PDF-1.4\n% stress ${i} ${name}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
  return { name, dob, cccd, ward, street, phone, email, notes, pdf, fileName: `don-${i}.pdf` };
}

/**
 * Fills the form to the review page, at `pace` ms per key and a thinking pause between
 * answers, recording when each answer was complete. Stops early when `stop.now` is set,
 * and quietly when the page goes away under it (the fault did that).
 */
async function fill(page, who, r, pace, hurried, typed, stop, state) {
  const at = (path, value) => {
    typed.push({ path, value, at: Date.now() });
    state.onAnswer?.(typed.length - 1, typed.at(-1));
  };
  // Someone hurried (or a helper filling in for a citizen) never stops for the 300 ms the
  // autosave waits for: then only its cap on waiting saves the answers.
  const think = () => sleep(hurried ? r.between(30, 250) : r.between(80, 600));
  const text = async (id, path, value) => {
    if (stop.now) throw new Stopped();
    await page.locator(`#f-${id}`).click();
    await page.locator(`#f-${id}`).pressSequentially(value, { delay: pace });
    at(path, value);
    await think();
  };
  const step = async (name) => {
    if (stop.now) throw new Stopped();
    await page.locator('button#continue').click();
    try {
      await page.waitForURL(new RegExp(`/${name}$`), { timeout: 10_000 });
    } catch (e) {
      const why = await page.locator('#error-summary').textContent({ timeout: 1000 }).catch(() => 'no error summary');
      throw new Error(`"Tiếp tục" did not lead to ${name} (at ${page.url()}): ${why}`);
    }
  };
  try {
    await page.goto(`/thu-tuc/${GENERIC}/nop-ho-so`);
    await page.waitForURL(/\/nop-ho-so\/[0-9a-f-]{36}\/applicant$/, { timeout: 15_000 });
    state.draft = new URL(page.url()).pathname.split('/')[4];
    await page.locator('button#continue:enabled').waitFor({ timeout: 10_000 });
    await think();
    await page.locator('input[type=radio][name=applicant_type][value=person]').check();
    at('applicant_type', 'person');
    await think();
    await text('full_name', 'full_name', who.name);
    await text('cccd', 'cccd', who.cccd);
    await text('date_of_birth', 'date_of_birth', who.dob);
    if (stop.now) throw new Stopped();
    const province = page.locator('#f-address');
    await province.locator('option[value="1"]').waitFor({ state: 'attached', timeout: 5_000 });
    await province.selectOption('1');
    at('address.province', 1);
    await think();
    const ward = page.locator('#f-address-ward');
    await ward.locator(`option[value="${who.ward}"]`).waitFor({ state: 'attached', timeout: 5_000 });
    await ward.selectOption(String(who.ward));
    at('address.ward', who.ward);
    await think();
    await text('address-street', 'address.street', who.street);
    await text('phone', 'phone', who.phone);
    if (who.email) await text('email', 'email', who.email);
    await step('documents');
    await page.locator('input[type=file]#f-doc_1').setInputFiles({ name: who.fileName, mimeType: 'application/pdf', buffer: who.pdf });
    await page.locator('.file-list .file-name').filter({ hasText: who.fileName }).waitFor({ timeout: 5_000 });
    at('doc_1', who.fileName);
    await think();
    await step('confirm');
    if (who.notes) await text('notes', 'notes', who.notes);
    await page.locator('input[type=checkbox]#f-declaration').check();
    at('declaration', true);
    await think();
    await step('kiem-tra');
    await page.getByRole('heading', { name: 'Sẵn sàng nộp hồ sơ' }).waitFor({ timeout: 10_000 });
    state.review = true;
  } catch (e) {
    if (e instanceof Stopped || stop.now || state.faulted) return;
    throw e;
  }
}

class Stopped extends Error {}

// ---------------------------------------------------------------------------------------
// The device: a browser on a profile directory of its own.

const BROWSER_ARGS = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-gpu', '--disable-quic'];

async function openDevice(profile, baseURL, { quota } = {}) {
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: BROWSER_ARGS,
    locale: 'vi-VN',
    viewport: { width: 360, height: 780 },
    serviceWorkers: 'block',
    baseURL,
  });
  const closed = new Promise((r) => ctx.once('close', r));
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  let cdp = null;
  if (quota) {
    // Before the app first touches IndexedDB: Chromium caches a storage bucket's remaining
    // space for 30 s, so a quota lowered under an open database bites only that much later.
    cdp = await ctx.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL).origin, quotaSize: quota });
  }
  return { ctx, page, closed, cdp, pid: browserPid(profile) };
}

/** The browser process of this profile (not its renderers), found by its command line. */
function browserPid(profile) {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let cmd;
    try {
      cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (cmd.includes(`--user-data-dir=${profile}`) && !cmd.some((a) => a.startsWith('--type='))) return Number(d);
  }
  return null;
}

/** What the app has on the device for `draft`: the draft's answers, its outbox entry, its receipt. */
async function onDevice(page, draft) {
  return page.evaluate(
    (draft) =>
      new Promise((ok, fail) => {
        const req = indexedDB.open('portal');
        req.onerror = () => fail(String(req.error));
        req.onsuccess = () => {
          const db = req.result;
          const names = ['drafts', 'outbox', 'dossiers'];
          if (!names.every((n) => db.objectStoreNames.contains(n))) {
            db.close();
            return ok({ draft: null, outbox: null, dossier: null });
          }
          const tx = db.transaction(names);
          const out = {};
          const d = tx.objectStore('drafts').get(draft);
          d.onsuccess = () => (out.draft = d.result ? JSON.parse(d.result.answers) : null);
          const o = tx.objectStore('outbox').get(draft);
          o.onsuccess = () => (out.outbox = o.result ? { attempts: o.result.attempts, last_error: o.result.last_error ?? null } : null);
          const all = tx.objectStore('dossiers').getAll();
          all.onsuccess = () => (out.dossier = all.result.find((x) => x.draft_id === draft)?.code ?? null);
          tx.oncomplete = () => {
            db.close();
            ok(out);
          };
        };
      }),
    draft,
  );
}

// ---------------------------------------------------------------------------------------
// Faults. Each returns { at, crash, remove }: when it struck, whether the page is gone,
// and how to lift it.

const API = '**/api/v1/**';

async function inject(kind, dev, r, baseURL) {
  const at = Date.now();
  switch (kind) {
    case 'close-page':
      await dev.page.close();
      return { at, crash: true, remove: async () => {} };
    case 'close-browser':
      await dev.ctx.close();
      return { at, crash: true, remove: async () => {} };
    case 'kill-browser':
      // What a phone does to a backgrounded browser, or a flat battery: no unload, no flush.
      process.kill(dev.pid, 'SIGKILL');
      await dev.closed;
      return { at, crash: true, remove: async () => {} };
    case 'offline':
      await dev.ctx.setOffline(true);
      return { at, crash: false, remove: () => dev.ctx.setOffline(false) };
    case 'server-5xx': {
      // Half the time the server has done the work and only its answer is lost.
      const after = r() < 0.5;
      const handler = async (route) => {
        if (after) await route.fetch().catch(() => {});
        await route.fulfill({ status: r.pick([500, 502, 503, 504]), contentType: 'text/plain', body: 'upstream trouble' });
      };
      await dev.page.route(API, handler);
      return { at, crash: false, variant: after ? 'after' : 'before', remove: () => dev.page.unroute(API, handler) };
    }
    case 'server-hang': {
      const after = r() < 0.5;
      const held = [];
      const handler = async (route) => {
        if (after) await route.fetch().catch(() => {});
        held.push(route);
      };
      await dev.page.route(API, handler);
      const remove = async () => {
        await dev.page.unroute(API, handler);
        // The hung connections finally drop.
        for (const route of held) await route.abort('connectionreset').catch(() => {});
      };
      return { at, crash: false, variant: after ? 'after' : 'before', remove };
    }
    case 'storage-full': {
      // The device's room for the site was set small when the browser opened (QUOTA_BYTES);
      // now something else on the site takes the rest of it.
      const filled = await dev.page.evaluate(fillStorage);
      if (filled.refused === 0) throw new Error(`storage-full: IndexedDB still took ${filled.written} bytes`);
      const remove = async () => {
        // Whether the app met the full storage (its save status says so), for the log.
        const said = await dev.page.locator('#save-status.notice-error, #submit-status, .notice-warning').count().catch(() => 0);
        fault.variant += said ? ', the app said so' : '';
        await dev.cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL).origin });
        await dev.page.evaluate(
          () =>
            new Promise((ok) => {
              const req = indexedDB.deleteDatabase('stress-filler');
              req.onsuccess = req.onerror = req.onblocked = () => ok();
            }),
        );
      };
      const fault = { at, crash: false, variant: `${(filled.written / 1048576).toFixed(1)} MB to fill`, remove };
      return fault;
    }
  }
  throw new Error(kind);
}

/**
 * In the page: writes random bytes to a database of its own until IndexedDB refuses even
 * a small record, in smaller and smaller pieces. The cap keeps a run whose quota never
 * bites from filling the real disk.
 */
async function fillStorage() {
  const db = await new Promise((ok, fail) => {
    const req = indexedDB.open('stress-filler', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('junk', { autoIncrement: true });
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
  });
  let written = 0;
  let refused = 0;
  // Below 64 KB: bigger values become blob files, which this quota check lets through.
  for (const size of [48 * 1024, 4096, 256]) {
    while (written < 256 * 1048576) {
      const bytes = crypto.getRandomValues(new Uint8Array(size));
      const ok = await new Promise((done) => {
        const tx = db.transaction('junk', 'readwrite');
        tx.objectStore('junk').add(bytes);
        tx.oncomplete = () => done(true);
        tx.onabort = () => done(false);
      });
      if (!ok) {
        refused++;
        break;
      }
      written += size;
    }
  }
  db.close();
  return { written, refused };
}

// ---------------------------------------------------------------------------------------
// The server's side, read from its SQLite file (WAL: readable while it runs).

function serverDossiers(dataDir, { key, name }) {
  if (!/^[0-9a-f-]{36}$/.test(key ?? '00000000-0000-0000-0000-000000000000') || /['\\]/.test(name)) throw new Error('unsafe query value');
  const sql = `SELECT code, idempotency_key AS key, answers FROM dossiers
    WHERE idempotency_key = '${key ?? ''}' OR json_extract(answers, '$.full_name') = '${name}'`;
  const out = execFileSync('sqlite3', ['-readonly', '-json', join(dataDir, 'portal.db'), sql], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out).map((d) => ({ ...d, answers: JSON.parse(d.answers) })) : [];
}

function allDossierNames(dataDir) {
  const sql = `SELECT json_extract(answers, '$.full_name') AS name, COUNT(*) AS n FROM dossiers GROUP BY name`;
  const out = execFileSync('sqlite3', ['-readonly', '-json', join(dataDir, 'portal.db'), sql], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

/** An answer as typed, and as found in a draft or a dossier, in one spelling. */
function canonical(path, value) {
  if (value === undefined || value === null) return null;
  if (path === 'doc_1') return Array.isArray(value) ? value.map((f) => f.name).join(',') : String(value);
  if (path === 'date_of_birth') {
    const m = String(value).match(/^(\d{2})\/(\d{2})\/(\d{4})$/);
    return m ? `${m[3]}-${m[2]}-${m[1]}` : String(value);
  }
  if (typeof value === 'string') return value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  return String(value);
}

function lookup(answers, path) {
  if (!answers) return undefined;
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), answers);
}

// ---------------------------------------------------------------------------------------
// One iteration.

async function iteration(i, server) {
  const r = rng((SEED ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
  const kind = r.pick(KINDS);
  const phase = r.pick(PHASES);
  const who = person(i, r);
  // Per key: a careful typist to a quick one on a phone keyboard.
  const pace = r.int(25, 110);
  const hurried = r() < 0.4;
  const profile = mkdtempSync(join(tmpdir(), 'portal-stress-profile-'));
  const typed = [];
  const stop = { now: false };
  const state = { draft: null, review: false, faulted: false };
  const t0 = Date.now();
  let dev = await openDevice(profile, server.url, { quota: kind === 'storage-full' ? QUOTA_BYTES : undefined });
  const result = { i, kind, phase, pace, hurried, checked: 0, lost: [], duplicates: 0, filed: 0, notFiled: false, timings: {} };
  const mark = (what) => (result.timings[what] = +((Date.now() - t0) / 1000).toFixed(1));
  try {
    let fault;
    const flow = fill(dev.page, who, r, pace, hurried, typed, stop, state);
    if (phase === 'typing') {
      // Half the time anywhere in the form (the applicant step takes most of the typing),
      // half the time just past the promise: a little over a second after an answer.
      let trigger;
      if (r() < 0.5) {
        const when = r.between(400, 80 * pace + 7000);
        trigger = sleep(when).then(() => `${(when / 1000).toFixed(1)} s into the form`);
      } else {
        const k = r.int(0, 7);
        const past = r.between(5, 200);
        trigger = new Promise((resolve) => {
          state.onAnswer = (index, a) => {
            if (index === k) sleep(a.at + GRACE_MS + past - Date.now()).then(() => resolve(`${past.toFixed(0)} ms past the second after ${a.path}`));
          };
        });
      }
      const first = await Promise.race([flow.then(() => null), trigger]);
      result.when = first ?? (await Promise.race([trigger, sleep(30_000).then(() => 'after the review')]));
      state.faulted = true;
      fault = await inject(kind, dev, r, server.url);
      if (!fault.crash) {
        // Typing goes on while the fault lasts.
        await sleep(r.between(800, 3000));
        await fault.remove();
      }
      stop.now = true;
      await flow.catch(() => {});
    } else {
      await flow;
      if (!state.review) throw new Error('the form did not reach the review page');
      mark('review');
      // Network and storage faults may come just before the press; crashes only after it.
      const offset = CRASHES.has(kind) ? r.between(0, 1500) : r.between(-400, 1500);
      const press = () => dev.page.locator('#submit').click();
      if (offset < 0) {
        state.faulted = true;
        fault = await inject(kind, dev, r, server.url);
        await sleep(-offset);
        await press();
      } else {
        await press();
        await sleep(offset);
        state.faulted = true;
        fault = await inject(kind, dev, r, server.url);
      }
      result.when = `${offset.toFixed(0)} ms after "Nộp hồ sơ"`;
      if (!fault.crash) {
        await sleep(r.between(800, 4000));
        await fault.remove();
      }
    }
    mark('fault lifted');
    result.variant = fault.variant;

    // Reopen: the same device storage, a new page (and a new browser if it went).
    if (fault.crash && kind !== 'close-page') {
      dev = await openDevice(profile, server.url);
    } else {
      const page = await dev.ctx.newPage();
      if (!dev.page.isClosed()) await dev.page.close();
      dev.page = page;
    }
    const page = dev.page;
    const draft = state.draft;
    let device = { draft: null, outbox: null, dossier: null };
    if (draft) {
      if (phase === 'typing') {
        await page.goto(`/thu-tuc/${GENERIC}/nop-ho-so/${draft}/applicant`);
        await page.locator('#forms-root h1').waitFor({ timeout: 15_000 });
        device = await onDevice(page, draft);
      } else {
        device = await settleFiling(page, draft);
      }
    }

    mark('reopened');
    // The checks.
    const dossiers = serverDossiers(server.dataDir, { key: draft, name: who.name });
    result.filed = dossiers.length > 0 ? 1 : 0;
    result.duplicates = Math.max(0, dossiers.length - 1);
    if (phase === 'filing' && dossiers.length === 0) result.notFiled = device;
    for (const a of typed) {
      if (a.at > fault.at - GRACE_MS) continue;
      result.checked++;
      const want = canonical(a.path, a.value);
      const inDraft = canonical(a.path, lookup(device.draft, a.path)) === want;
      const inDossier = dossiers.some((d) => canonical(a.path, lookup(d.answers, a.path)) === want);
      if (!inDraft && !inDossier) {
        result.lost.push({ path: a.path, typed_ms_before_fault: fault.at - a.at, draft: lookup(device.draft, a.path) ?? null, dossiers: dossiers.length });
      }
    }
  } finally {
    stop.now = true;
    await dev.ctx.close().catch(() => {});
    // A killed browser's renderers go with it; make sure nothing of this profile stays.
    const left = browserPid(profile);
    if (left) process.kill(left, 'SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  }
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}

/**
 * After a fault during filing: the app's own retry (the outbox drains when the forms
 * module starts), then, if the draft is still there and nothing is queued, what the person
 * would do — open the review and press "Nộp hồ sơ" again. Returns what is on the device.
 */
async function settleFiling(page, draft) {
  await page.goto('/ho-so-cua-toi');
  await page.locator('h1').first().waitFor({ timeout: 15_000 });
  let device = await onDevice(page, draft);
  for (let attempt = 0; attempt < 3 && !device.dossier; attempt++) {
    const deadline = Date.now() + 25_000;
    while (device.outbox && !device.dossier && Date.now() < deadline) {
      await sleep(500);
      device = await onDevice(page, draft);
    }
    if (device.dossier || !device.draft) break;
    if (device.outbox) {
      // Still queued (backing off): a fresh start of the app sends it at once.
      await page.reload();
      await sleep(1000);
      device = await onDevice(page, draft);
      continue;
    }
    await page.goto(`/thu-tuc/${GENERIC}/nop-ho-so/${draft}/kiem-tra`);
    const submit = page.locator('#submit:enabled');
    try {
      await submit.waitFor({ timeout: 10_000 });
    } catch {
      break; // Answers missing (the fault kept them from being saved): nothing to file.
    }
    await submit.click();
    await page.waitForURL(/\/ho-so\/[^/]+$/, { timeout: 20_000 }).catch(() => {});
    device = await onDevice(page, draft);
  }
  return device;
}

/**
 * The promise itself, measured rather than sampled: someone types without a pause, and
 * the page notes when each keystroke's text is first in IndexedDB. The random faults can
 * only land near the edge now and then; this finds the edge every run.
 */
async function autosaveLag(baseURL) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: BROWSER_ARGS });
  try {
    const page = await browser.newPage({ baseURL, serviceWorkers: 'block' });
    await page.goto(`/thu-tuc/${GENERIC}/nop-ho-so`);
    await page.waitForURL(/\/applicant$/);
    const draft = new URL(page.url()).pathname.split('/')[4];
    await page.locator('input[type=radio][name=applicant_type][value=person]').check();
    await page.evaluate((draft) => {
      window.__keys = [];
      window.__saved = [];
      document.addEventListener('input', (e) => window.__keys.push({ v: e.target.value, t: performance.now() }), true);
      const poll = () => {
        const req = indexedDB.open('portal');
        req.onsuccess = () => {
          const db = req.result;
          const get = db.transaction('drafts').objectStore('drafts').get(draft);
          get.onsuccess = () => {
            window.__saved.push({ v: get.result ? (JSON.parse(get.result.answers).full_name ?? '') : '', t: performance.now() });
            db.close();
            setTimeout(poll, 10);
          };
        };
      };
      poll();
    }, draft);
    const out = {};
    for (const pace of [60, 140]) {
      await page.locator('#f-full_name').fill('');
      await sleep(1500);
      await page.evaluate(() => (window.__keys = []));
      await page.locator('#f-full_name').pressSequentially('Nguyễn Thị Minh Khai, phường Hoàn Kiếm, Hà Nội', { delay: pace });
      await sleep(1500);
      const lags = await page.evaluate(() =>
        window.__keys.map((k) => {
          const s = window.__saved.find((x) => x.t >= k.t && x.v.startsWith(k.v));
          return s ? s.t - k.t : Infinity;
        }),
      );
      lags.sort((a, b) => a - b);
      out[`${pace}ms_per_key`] = { keys: lags.length, p50: Math.round(lags[lags.length >> 1]), max: Math.round(lags.at(-1)) };
    }
    return out;
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  console.log(`fault-injection stress: ${ITERATIONS} iterations, seed ${SEED}, faults ${KINDS.join(', ')}`);
  const server = await startServer();
  const results = [];
  const errors = [];
  let runDuplicates = 0;
  let lag = null;
  try {
    try {
      lag = await autosaveLag(server.url);
      console.log(`autosave, keystroke to IndexedDB while typing without a pause: ${Object.entries(lag).map(([k, v]) => `${k.replace('_', ' ').replace('_', ' ')} p50 ${v.p50} ms, max ${v.max} ms`).join('; ')}`);
    } catch (e) {
      lag = { error: String(e.message || e) };
    }
    for (let i = FIRST; i < FIRST + ITERATIONS; i++) {
      let res;
      try {
        res = await withTimeout(iteration(i, server), 180_000, `iteration ${i}`);
      } catch (e) {
        errors.push({ i, error: String(e.message || e).split('\n')[0] });
        console.log(`#${i} harness error: ${errors.at(-1).error}`);
        continue;
      }
      results.push(res);
      const flag = res.lost.length || res.duplicates ? '  <-- FAILED' : res.notFiled ? '  (not filed)' : '';
      if (VERBOSE || flag) {
        console.log(
          `#${i} ${res.kind}${res.variant ? ` (${res.variant})` : ''} ${res.phase}${res.hurried ? ' hurried' : ''} ${res.when}: ` +
            `${res.checked} checked, ${res.lost.length} lost, ${res.duplicates} dup, filed ${res.filed}, ${res.seconds.toFixed(1)} s${flag}`,
        );
        if (VERBOSE) console.log(`    ${JSON.stringify(res.timings)}`);
        for (const l of res.lost) console.log(`    lost ${JSON.stringify(l)}`);
        if (res.notFiled) console.log(`    on the device: ${JSON.stringify(res.notFiled)}`);
      } else if ((i + 1 - FIRST) % 10 === 0) {
        console.log(`… ${i + 1 - FIRST}/${ITERATIONS} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    }
    // Across the whole run too: one name, one dossier.
    runDuplicates = allDossierNames(server.dataDir).reduce((n, row) => n + Math.max(0, row.n - 1), 0);
  } finally {
    await server.stop();
    server.cleanup();
  }

  const byKind = {};
  for (const k of KINDS) byKind[k] = { iterations: 0, typing: 0, filing: 0, answers_checked: 0, lost_answers: 0, duplicate_dossiers: 0, dossiers_filed: 0, not_filed: 0 };
  for (const res of results) {
    const k = byKind[res.kind];
    k.iterations++;
    k[res.phase]++;
    k.answers_checked += res.checked;
    k.lost_answers += res.lost.length;
    k.duplicate_dossiers += res.duplicates;
    k.dossiers_filed += res.filed;
    if (res.notFiled) k.not_filed++;
  }
  const total = Object.values(byKind).reduce((t, k) => {
    for (const [f, v] of Object.entries(k)) t[f] = (t[f] ?? 0) + v;
    return t;
  }, {});
  const seconds = (Date.now() - started) / 1000;
  const report = {
    date: new Date().toISOString(),
    seed: SEED,
    iterations: ITERATIONS,
    grace_ms: GRACE_MS,
    autosave_lag_ms: lag,
    seconds,
    seconds_per_iteration: results.length ? results.reduce((s, r) => s + r.seconds, 0) / results.length : null,
    by_kind: byKind,
    total,
    run_duplicates: runDuplicates,
    harness_errors: errors,
    failures: results.filter((r) => r.lost.length || r.duplicates),
  };

  const cols = ['iterations', 'typing', 'filing', 'answers_checked', 'lost_answers', 'duplicate_dossiers', 'dossiers_filed', 'not_filed'];
  const line = (name, row) => [name.padEnd(14), ...cols.map((c) => String(row[c] ?? 0).padStart(c.length))].join('  ');
  console.log('');
  console.log(['fault'.padEnd(14), ...cols].join('  '));
  for (const [k, row] of Object.entries(byKind)) console.log(line(k, row));
  console.log(line('total', total));
  console.log(`duplicate names across the run: ${runDuplicates}; harness errors: ${errors.length}`);
  console.log(`elapsed ${seconds.toFixed(0)} s (${report.seconds_per_iteration?.toFixed(1)} s per iteration), seed ${SEED}`);
  mkdirSync(join(ROOT, 'target'), { recursive: true });
  writeFileSync(join(ROOT, 'target/bench-stress.json'), JSON.stringify(report, null, 2) + '\n');

  const slowest = lag && !lag.error ? Math.max(...Object.values(lag).map((v) => v.max)) : 0;
  if (total.lost_answers || total.duplicate_dossiers || runDuplicates || slowest > GRACE_MS) {
    console.log('FAILED: answers were lost, left unsaved for over a second, or a dossier was filed twice');
    process.exit(1);
  }
  if (errors.length > Math.max(1, ITERATIONS * 0.05)) {
    console.log('FAILED: too many iterations could not be run');
    process.exit(2);
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, fail) => (timer = setTimeout(() => fail(new Error(`${what} took over ${ms / 1000} s`)), ms))),
  ]);
}

await main();
