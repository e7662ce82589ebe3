// Dossier endpoints under loopback load: filings with a 1 MB attachment (throughput and
// p99 at a fixed concurrency) and status look-ups at a fixed arrival rate (p99 at 500 rps).
// Figures only; bench.mjs puts them in docs/performance.md.
import { randomFillSync, randomUUID } from 'node:crypto';

export const GENERIC = '1.001445'; // generic schema: applicant → one attachment slot → confirm

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const summary = (ms) => ({ n: ms.length, p50: pct(ms, 50), p99: pct(ms, 99), max: ms.length ? Math.max(...ms) : NaN });

/** A PDF of `bytes` bytes: the magic number, then padding inside a comment. */
export function pdfOfSize(bytes) {
  const head = Buffer.from('%PDF-1.4\n%');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(bytes - head.length - tail.length, 0x41), tail]);
}

/** A valid filing of the generic form, with `pdf` as its one attachment. */
export function genericFiling(pdf, fileId = randomUUID()) {
  const answers = {
    applicant_type: 'person',
    full_name: 'Lê Thị Mai',
    date_of_birth: '1985-03-12',
    cccd: '001185012345',
    address: { province: 1, ward: 4, street: 'Số 3 phố Kim Mã' },
    phone: '0912345678',
    doc_1: [{ id: fileId, name: 'don-trinh-bao.pdf', mime: 'application/pdf', size: pdf.length }],
    declaration: true,
  };
  return { answers, fileId };
}

export async function schemaVersion(url, code) {
  const res = await fetch(`${url}/api/v1/forms/${code}`);
  if (!res.ok) throw new Error(`GET /api/v1/forms/${code}: ${res.status}`);
  return (await res.json()).schema.version;
}

export async function fileDossier(url, { code, version, answers, files = [], key = randomUUID() }) {
  const form = new FormData();
  form.append('dossier', new Blob([JSON.stringify({ procedure_code: code, schema_version: version, answers })], { type: 'application/json' }));
  for (const f of files) form.append(`file:${f.id}`, new Blob([f.bytes], { type: f.mime }), f.name);
  const res = await fetch(`${url}/api/v1/dossiers`, { method: 'POST', headers: { 'Idempotency-Key': key }, body: form });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** Closed loop: `concurrency` clients each filing one dossier after another for `seconds`. */
async function submitLoad(url, { seconds = 5, concurrency = 8 } = {}) {
  const version = await schemaVersion(url, GENERIC);
  const pdf = pdfOfSize(1024 * 1024);
  const latencies = [];
  const statuses = {};
  const end = Date.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < end) {
      // Distinct bytes per filing, as real scans are: the server stores files by content
      // hash, and identical ones would be written once.
      randomFillSync(pdf, 10, 16);
      const { answers, fileId } = genericFiling(pdf);
      const start = performance.now();
      const { status } = await fileDossier(url, {
        code: GENERIC, version, answers,
        files: [{ id: fileId, name: 'don-trinh-bao.pdf', mime: 'application/pdf', bytes: pdf }],
      }).catch(() => ({ status: 'network' }));
      latencies.push(performance.now() - start);
      statuses[status] = (statuses[status] || 0) + 1;
    }
  }));
  const wall = (performance.now() - t0) / 1000;
  const ok = statuses[201] || 0;
  return { concurrency, seconds: wall, per_second: ok / wall, errors: latencies.length - ok, statuses, latency_ms: summary(latencies) };
}

/** Open loop: look-ups started at `rate` per second regardless of answers, for `seconds`. */
async function lookupLoad(url, { rate = 500, seconds = 10 } = {}) {
  const version = await schemaVersion(url, GENERIC);
  const pdf = pdfOfSize(2048);
  const { answers, fileId } = genericFiling(pdf);
  const filed = await fileDossier(url, {
    code: GENERIC, version, answers,
    files: [{ id: fileId, name: 'don-trinh-bao.pdf', mime: 'application/pdf', bytes: pdf }],
  });
  if (filed.status !== 201) throw new Error(`could not file the look-up dossier: ${filed.status} ${JSON.stringify(filed.body)}`);
  const body = JSON.stringify({ code: filed.body.code, phone: answers.phone });
  const latencies = [];
  const statuses = {};
  const inflight = [];
  const total = rate * seconds;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    // Arrival i is due at i/rate seconds; late arrivals are sent at once, never skipped,
    // so a slow server shows up as latency rather than as a lower rate.
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      fetch(`${url}/api/v1/dossiers/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(async (res) => {
          await res.arrayBuffer();
          latencies.push(performance.now() - due);
          statuses[res.status] = (statuses[res.status] || 0) + 1;
        })
        .catch(() => { statuses.network = (statuses.network || 0) + 1; }),
    );
  }
  await Promise.all(inflight);
  const wall = (performance.now() - t0) / 1000;
  return { target_rps: rate, achieved_rps: total / wall, errors: total - (statuses[200] || 0), statuses, latency_ms: summary(latencies) };
}

export async function dossierFigures(url) {
  return { submit_1mb: await submitLoad(url), lookup_500rps: await lookupLoad(url) };
}
