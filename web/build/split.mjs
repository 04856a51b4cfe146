// Trunk post-build hook: splits the app's .wasm at its split points (Leptos 0.8's code
// splitting: the `wasm_split` functions of web/src/pages.rs, the `#[lazy]` one of
// web/src/api.rs), so the first load carries only what the first page needs and the rest
// is fetched when first used. The steps and flags are cargo-leptos 0.3's (`--split`):
// cargo (linked with --emit-relocs: web/build.rs) → wasm-split-cli (crates.io
// wasm_split_cli_support, installed by scripts/setup.sh) → wasm-bindgen --keep-lld-exports
// --no-demangle → wasm-opt -Oz on the main module and on every chunk. Trunk runs cargo and its
// own wasm-bindgen (on the unsplit module; data-wasm-opt="0" in index.html); this hook
// replaces Trunk's .js and _bg.wasm in the staging dir under the same names, writes the
// chunks and the loader the main module imports (`__wasm_split.js`, both named with
// Trunk's hash so a cached file of another build is never mixed in), and updates the
// Subresource Integrity hashes Trunk wrote into index.html for the two files it replaced.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR ?? 'dist';
const profile = process.env.TRUNK_PROFILE ?? 'release';
const sourceDir = process.env.TRUNK_SOURCE_DIR ?? '.';
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: sourceDir }).toString();

// Trunk's output: basm-web-<hash>.js and basm-web-<hash>_bg.wasm.
const js = readdirSync(staging).find((f) => /^basm-web-[0-9a-f]+\.js$/.test(f));
if (!js) throw new Error(`${staging}: no basm-web-<hash>.js from Trunk`);
const stem = js.slice(0, -3);
const hash = stem.slice('basm-web-'.length);

const targetDir = process.env.CARGO_TARGET_DIR
  ? resolve(sourceDir, process.env.CARGO_TARGET_DIR)
  : JSON.parse(run('cargo', ['metadata', '--format-version', '1', '--no-deps'])).target_directory;
const input = join(targetDir, 'wasm32-unknown-unknown', profile, 'basm-web.wasm');
const work = join(targetDir, 'wasm-split', profile);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const started = Date.now();
run('wasm-split-cli', [input, work, '--target', 'web', '--out-name', stem]);
run('wasm-bindgen', ['--target=web', '--keep-lld-exports', '--no-demangle', '--no-typescript',
  `--out-dir=${work}/bindgen`, `--out-name=${stem}`, join(work, `${stem}.wasm`)]);

// The loader and the chunks, renamed with Trunk's hash; the main module imports the loader.
const link = `__wasm_split-${hash}.js`;
const chunks = readdirSync(work).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`);
let loader = readFileSync(join(work, '__wasm_split.js'), 'utf8');
for (const chunk of chunks) {
  const named = `${chunk.slice(0, -5)}-${hash}.wasm`;
  if (!loader.includes(`"./${chunk}"`)) throw new Error(`${link}: no fetch of ./${chunk}`);
  loader = loader.replaceAll(`"./${chunk}"`, `"./${named}"`);
  renameSync(join(work, chunk), join(staging, named));
}
writeFileSync(join(staging, link), loader);
const main = readFileSync(join(work, 'bindgen', `${stem}.js`), 'utf8');
// Only the import statements: the import object's key stays the module name the wasm asks for.
if (!main.includes('from "./__wasm_split.js"') && chunks.length > 0) {
  throw new Error(`${stem}.js: no import of ./__wasm_split.js`);
}
writeFileSync(join(staging, js), main.replaceAll('from "./__wasm_split.js"', `from "./${link}"`));
renameSync(join(work, 'bindgen', `${stem}_bg.wasm`), join(staging, `${stem}_bg.wasm`));

// wasm-opt -Oz on each module, as Trunk would have on the one: npm binaryen's (package.json),
// version 132 as Trunk.toml asked of Trunk's (Debian's binaryen 108 breaks the module).
const modules = [`${stem}_bg.wasm`, ...chunks.map((c) => `${c.slice(0, -5)}-${hash}.wasm`)];
const wasmOpt = join(sourceDir, 'node_modules', '.bin', 'wasm-opt');
if (!run(wasmOpt, ['--version']).includes('version 132')) throw new Error(`${wasmOpt}: not binaryen 132`);
if (profile === 'release') {
  for (const m of modules) run(wasmOpt, ['-Oz', join(staging, m), '-o', join(staging, m)]);
}

// Trunk's integrity hashes (sha384) of the two files replaced, and a modulepreload of the
// loader beside the main js's (which imports it), so it is not fetched only after that.
const index = join(staging, 'index.html');
const integrity = (file) => `sha384-${createHash('sha384').update(readFileSync(join(staging, file))).digest('base64')}`;
let html = readFileSync(index, 'utf8');
for (const file of [js, `${stem}_bg.wasm`]) {
  const tag = new RegExp(`(<link[^>]*href="/${file.replaceAll('.', '\\.')}"[^>]*integrity=")[^"]*(")`);
  if (!tag.test(html)) throw new Error(`index.html: no <link> with the integrity of ${file}`);
  html = html.replace(tag, `$1${integrity(file)}$2`);
}
const preload = `<link rel="modulepreload" href="/${js}"`;
html = html.replace(preload,
  `<link rel="modulepreload" href="/${link}" crossorigin="anonymous" integrity="${integrity(link)}">${preload}`);
writeFileSync(index, html);

const sizes = modules.map((m) => `${m} ${readFileSync(join(staging, m)).length} B`).join(', ');
console.log(`split: ${modules.length} modules in ${Date.now() - started} ms: ${sizes}`);
