#!/usr/bin/env node
// Parses Terraform files with HashiCorp's own HCL parser (hcl2 compiled to
// WebAssembly, npm @cdktf/hcl2json) and prints one JSON object:
//   { "<file>": <the file as HCL JSON>, ... }
// or, on the first parse error, prints the error to stderr and exits 1.
// Usage: node tools/hcl2json.mjs FILE...
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { parse } = require(path.join(here, "..", "node_modules", "@cdktf", "hcl2json"));

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write("usage: hcl2json.mjs FILE...\n");
  process.exit(2);
}
const out = {};
for (const file of files) {
  try {
    out[file] = await parse(path.basename(file), await readFile(file, "utf8"));
  } catch (e) {
    process.stderr.write(`${file}: ${e && e.message ? e.message : e}\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
