#!/usr/bin/env node
// @ts-check
/**
 * Checks every language in public/_locales against English, the file each message is added to
 * first: keys missing or extra, empty messages, and placeholders that do not match (the same
 * named placeholders with the same `$n` content, each used in the message, no lone `$`, which
 * the i18n API would eat). The unit test tests/unit/i18n/locales.test.ts runs the same check.
 *
 *   node scripts/locales-check.mjs             # one line per language; exit 1 on any problem
 *   node scripts/locales-check.mjs --missing   # also the English text of each missing key, per
 *                                              # language: what a translator has to translate
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../public/_locales/', import.meta.url));

/**
 * @typedef {{ message: string, description?: string, placeholders?: Record<string, { content: string, example?: string }> }} Message
 * @typedef {Record<string, Message>} Messages
 * @typedef {{ missing: string[], extra: string[], empty: string[], placeholders: string[] }} LocaleProblems
 */

/** @param {string} lang @returns {Messages} */
export function readLocale(lang) {
  return JSON.parse(readFileSync(`${DIR}${lang}/messages.json`, 'utf8'));
}

/** Every language folder, English first. */
export function localeNames() {
  const names = readdirSync(DIR).sort();
  return ['en', ...names.filter((n) => n !== 'en')];
}

/** @param {string} message Named placeholders used (lower case, sorted). */
const used = (message) => [...new Set([...message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => (m[1] ?? '').toLowerCase()))].sort();

/**
 * What is wrong with `msgs` measured against English. Placeholder problems say the key and why.
 * @param {Messages} en @param {Messages} msgs @returns {LocaleProblems}
 */
export function checkLocale(en, msgs) {
  const missing = Object.keys(en).filter((k) => !(k in msgs));
  const extra = Object.keys(msgs).filter((k) => !(k in en));
  const empty = [];
  const placeholders = [];
  for (const [key, m] of Object.entries(msgs)) {
    const base = en[key];
    if (!base) continue;
    if (typeof m?.message !== 'string' || m.message.trim() === '') {
      empty.push(key);
      continue;
    }
    const want = Object.fromEntries(Object.entries(base.placeholders ?? {}).map(([n, p]) => [n, p.content]));
    const have = Object.fromEntries(Object.entries(m.placeholders ?? {}).map(([n, p]) => [n, p?.content]));
    if (JSON.stringify(Object.entries(have).sort()) !== JSON.stringify(Object.entries(want).sort())) {
      placeholders.push(`${key}: placeholders ${JSON.stringify(have)}, English has ${JSON.stringify(want)}`);
    }
    const names = used(m.message);
    const baseNames = used(base.message);
    if (JSON.stringify(names) !== JSON.stringify(baseNames)) {
      placeholders.push(
        `${key}: uses ${names.map((n) => `$${n.toUpperCase()}$`).join(' ') || 'none'}, English ${baseNames.map((n) => `$${n.toUpperCase()}$`).join(' ') || 'none'}`,
      );
    }
    if (/\$(?!\$)/.test(m.message.replace(/\$[A-Za-z0-9_]+\$/g, '').replace(/\$\$/g, ''))) {
      placeholders.push(`${key}: a lone "$" (write "$$" for a dollar sign)`);
    }
  }
  return { missing, extra, empty, placeholders };
}

function main() {
  const listMissing = process.argv.includes('--missing');
  const en = readLocale('en');
  let bad = false;
  for (const lang of localeNames().slice(1)) {
    const msgs = readLocale(lang);
    const p = checkLocale(en, msgs);
    const problems = p.missing.length + p.extra.length + p.empty.length + p.placeholders.length;
    bad ||= problems > 0;
    console.log(
      `${lang.padEnd(6)} ${Object.keys(msgs).length}/${Object.keys(en).length} keys` +
        (problems
          ? `: ${p.missing.length} missing, ${p.extra.length} extra, ${p.empty.length} empty, ${p.placeholders.length} placeholder problems`
          : ': complete'),
    );
    for (const line of p.placeholders) console.log(`  ${line}`);
    for (const key of p.extra) console.log(`  extra: ${key}`);
    for (const key of p.empty) console.log(`  empty: ${key}`);
    if (listMissing) for (const key of p.missing) console.log(`  missing: ${key}\t${en[key]?.message}`);
  }
  process.exit(bad ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
