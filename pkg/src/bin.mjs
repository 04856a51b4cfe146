#!/usr/bin/env node
// `npx basm-validator …`: the `basm` command line (the Rust crate cli/, compiled for
// wasm32-wasip1 into dist/basm-cli.wasm), run by Node's WASI. The same code as the native
// `basm` binary: this file only hands it the arguments, the environment, the file system and
// the user's working directory, and passes its exit code on.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Node 20 marks WASI experimental and says so on every start; the command's output is ours.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name !== "ExperimentalWarning") console.error(warning);
});

const { WASI } = await import("node:wasi");
const here = dirname(fileURLToPath(import.meta.url));
const wasi = new WASI({
  version: "preview1",
  args: ["basm", ...process.argv.slice(2)],
  env: { ...process.env, BASM_WASI_CWD: process.cwd() },
  // POSIX paths: the whole file system as the user sees it; the module resolves relative
  // paths against BASM_WASI_CWD (cli/src/main.rs).
  preopens: { "/": "/" },
  returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(join(here, "..", "basm-cli.wasm")));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
