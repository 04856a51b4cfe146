// Trunk pre-build hook: compiles web/style.scss (GOV.UK Frontend + MoJ Frontend) to
// target/web/style.css, with the repository root as a load path (MoJ Frontend imports
// GOV.UK Frontend as "node_modules/govuk-frontend/…").
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const release = process.env.TRUNK_PROFILE === 'release';
const result = sass.compile(resolve(root, 'web/style.scss'), {
  loadPaths: [root],
  style: release ? 'compressed' : 'expanded',
  quietDeps: true,
  silenceDeprecations: ['import'],
});
const out = resolve(root, 'target/web/style.css');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, result.css);
