#!/usr/bin/env node
// @ts-check
// The dashboard's JavaScript budget (issue 7): what the first page needs before it can render,
// gzipped, must stay within 250 KB. That is every script index.html loads or preloads, plus the
// translation chunks main.tsx awaits before the first render: the reader's language (the largest
// one, to be safe) and English, which holds the default catalogs' English text.
//
//   node scripts/web-budget.mjs          prints a table, exits 1 over budget
//   node scripts/web-budget.mjs --json   prints the figures as JSON
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 250 * 1024;
const DIST = fileURLToPath(new URL('../web/dist/', import.meta.url));
const LANGUAGE_CHUNK = /^(?:en|ja|zh-TW)-[\w-]+\.js$/;

/** @param {string} html */
export function initialScripts(html) {
  const urls = new Set();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(match[1]);
  for (const match of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g))
    urls.add(match[1]);
  return [...urls].filter((u) => u.startsWith('/')).map((u) => u.slice(1));
}

/** @param {string} dist */
export function measure(dist = DIST) {
  const indexFile = path.join(dist, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`${indexFile} is missing: run npm run build:web`);
  const files = initialScripts(readFileSync(indexFile, 'utf8'));
  const languages = readdirSync(path.join(dist, 'assets')).filter((f) => LANGUAGE_CHUNK.test(f));
  const sized = (/** @type {string} */ file) => {
    const source = readFileSync(path.join(dist, file));
    return {
      file,
      raw: source.length,
      gzip: gzipSync(source, { level: 9 }).length,
      brotli: brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  };
  const scripts = files.map(sized);
  const chunks = languages.map((f) => sized(path.join('assets', f))).sort((a, b) => b.gzip - a.gzip);
  const english = chunks.find((c) => path.basename(c.file).startsWith('en-'));
  const awaited = [...new Set([chunks[0], english])].filter((c) => c !== undefined);
  const all = [...scripts, ...awaited];
  const sum = (/** @type {'raw' | 'gzip' | 'brotli'} */ key) => all.reduce((n, s) => n + s[key], 0);
  return {
    files: all,
    raw: sum('raw'),
    gzip: sum('gzip'),
    brotli: sum('brotli'),
    budget: BUDGET_BYTES,
    withinBudget: sum('gzip') <= BUDGET_BYTES,
  };
}

const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = measure();
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    for (const f of result.files) {
      process.stdout.write(
        `${f.file.padEnd(44)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)} gzip\n`,
      );
    }
    process.stdout.write(
      `first page JavaScript: ${kb(result.gzip)} gzipped (${kb(result.brotli)} brotli, ${kb(result.raw)} raw); budget ${kb(result.budget)}\n`,
    );
  }
  if (!result.withinBudget) {
    process.stderr.write(`over budget by ${kb(result.gzip - result.budget)}\n`);
    process.exitCode = 1;
  }
}
