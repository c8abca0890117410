import { readdirSync, readFileSync } from 'node:fs';
import type { ConnectionReport, TabState, TlsInfo } from '@/lib/report/types';
import { RECORDED_FIXTURES, recordedState } from './recorded-states';

const DIR = new URL('../../fixtures/reports/', import.meta.url);

/** Every fixture name: the JSON files (without .json) and the states built from recordings. */
export const FIXTURES = [
  ...readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5)),
  ...RECORDED_FIXTURES,
].sort();

/**
 * The note a stored fixture carries to say it is hand-made and why no recording could stand in for
 * it (tests/unit/report/fixtures.test.ts holds every stored fixture to this).
 */
export const HAND_MADE_KEY = '_handMade';

/** The stored (hand-made) fixture files, parsed as they are on disk, note included. */
export function storedFixtures(): { name: string; data: unknown }[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: f.slice(0, -5), data: JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as unknown }));
}

/** Loads a fixture TabState; a fresh copy each time so tests can edit it. */
export function loadState(name: string): TabState {
  const recorded = recordedState(name);
  if (recorded) return recorded;
  const data: unknown = JSON.parse(readFileSync(new URL(`${name}.json`, DIR), 'utf8'));
  if (!isTabState(data)) throw new Error(`fixture ${name} is not a TabState`);
  // The note is about the file, not part of the state: a state never holds it, so whole-object
  // comparisons against what the background builds stay fair.
  const { [HAND_MADE_KEY]: _note, ...state } = data as TabState & { [HAND_MADE_KEY]?: string };
  return state;
}

/** The fixture's main report (every fixture has one). */
export function loadReport(name: string): ConnectionReport {
  const main = loadState(name).main;
  if (!main) throw new Error(`fixture ${name} has no main report`);
  return main;
}

/** The fixture's TLS block, for tests that vary one field. */
export function loadTls(name: string): TlsInfo {
  const tls = loadReport(name).tls;
  if (!tls) throw new Error(`fixture ${name} has no tls`);
  return tls;
}

function isTabState(x: unknown): x is TabState {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  const main = s.main as Record<string, unknown> | undefined;
  return (
    s.v === 1 &&
    typeof s.tabId === 'number' &&
    typeof s.url === 'string' &&
    Array.isArray(s.mixed) &&
    (main === undefined || (main.v === 1 && typeof main.host === 'string' && typeof main.scheme === 'string'))
  );
}

/** Just the keys of a reason list: most assertions are about which reasons, in which order. */
export function keys(reasons: readonly { key: string }[]): string[] {
  return reasons.map((r) => r.key);
}
