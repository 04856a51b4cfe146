// Trunk post-build hook: replaces {{CSP_SCRIPT_HASHES}} in the built index.html's
// Content-Security-Policy with the SHA-256 of each inline script (Trunk's module loader),
// so the page runs with no 'unsafe-inline'.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const file = join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'index.html');
const html = readFileSync(file, 'utf8');
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map(([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
if (!html.includes('{{CSP_SCRIPT_HASHES}}')) {
  throw new Error(`${file}: no {{CSP_SCRIPT_HASHES}} placeholder in the Content-Security-Policy`);
}
writeFileSync(file, html.replace('{{CSP_SCRIPT_HASHES}}', [...new Set(hashes)].join(' ')));
