// The side-by-side anchor for LCP: a static HTML+CSS page with the same content as the
// procedure page, no JavaScript, served by a plain static server. Generated from the
// portal's own first HTML of that page (server/src/prerender) with every script, preload
// and manifest link taken out, so both pages have the same words, markup and stylesheet.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

/** Returns the static page's HTML, made from `portalUrl + path`. */
export async function staticCopy(portalUrl, path) {
  const res = await fetch(portalUrl + path);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  const html = (await res.text())
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<link\b[^>]*\brel=(?:"|)(?:modulepreload|preload|manifest)(?:"|)[^>]*>/g, '')
    .replace(/<noscript>[\s\S]*?<\/noscript>/g, '');
  if (/<script/.test(html)) throw new Error('the static copy still has a script');
  if (!/<link[^>]*rel=(?:"|)stylesheet/.test(html)) throw new Error('the static copy lost its stylesheet');
  return html;
}

/** Serves the static copy at `/` and the dist's files (the stylesheet) beside it, brotli. */
export async function startStaticAnchor(portalUrl, path, distDir) {
  const html = Buffer.from(await staticCopy(portalUrl, path));
  const files = new Map([['/', { body: html, type: 'text/html; charset=utf-8' }]]);
  const server = createServer((req, res) => {
    let file = files.get(req.url);
    if (!file && /^\/[\w.-]+\.(css|svg|ico|png)$/.test(req.url)) {
      try {
        const type = { css: 'text/css', svg: 'image/svg+xml', ico: 'image/x-icon', png: 'image/png' }[req.url.split('.').pop()];
        file = { body: readFileSync(join(distDir, req.url)), type };
        files.set(req.url, file);
      } catch {
        file = null;
      }
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    // Compressed as the portal compresses, so the comparison is of pages, not of servers.
    file.br ??= brotliCompressSync(file.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    const br = /\bbr\b/.test(req.headers['accept-encoding'] || '');
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-cache', ...(br ? { 'content-encoding': 'br' } : {}) });
    res.end(br ? file.br : file.body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, stop: () => new Promise((ok) => server.close(ok)) };
}
