/**
 * Tab states built from what Firefox really handed over (tests/fixtures/engines/recorded/firefox.json,
 * made by `npm run record-fixtures`), passed through the real adapter and the real page state,
 * exactly as the background does on a main-frame response. Built, not stored: there is no copy that
 * could drift from the adapter, and a re-recording changes them with it. Tests that use them read
 * their expected values (names, fingerprints, dates) from the recording, not from literals.
 */
import ff from '../../fixtures/engines/recorded/firefox.json';
import { firefoxReport, type FirefoxCertificate, type FirefoxRequestDetails, type FirefoxSecurityInfo } from '@/lib/engines/firefox';
import { newPage } from '@/lib/state/tracker';
import type { ConnectionReport, TabState } from '@/lib/report/types';

/** One Firefox recording: the response's details, getSecurityInfo's answer, and (overrides) the leaf-only answer. */
export interface FirefoxRecording {
  details: FirefoxRequestDetails & { timeStamp: number };
  securityInfo: FirefoxSecurityInfo;
  leafOnly?: { certificates: FirefoxCertificate[] };
}

/**
 * The report of a page Firefox blocked, from its recorded onErrorOccurred (a localized sentence,
 * no code): what the background stores for it.
 */
export function firefoxBlockedReport(id: string): ConnectionReport {
  const e = (ff.recordings as unknown as Record<string, { error?: FirefoxRequestDetails & { timeStamp: number } }>)[id]?.error;
  if (!e) throw new Error(`no blocked Firefox recording '${id}'`);
  return firefoxReport(e, e.timeStamp);
}

/** The recording of a matrix site that loaded (a blocked page has no details to build from). */
export function firefoxRecording(id: string): FirefoxRecording {
  const r = (ff.recordings as unknown as Record<string, Partial<FirefoxRecording>>)[id];
  if (!r?.details || !r.securityInfo) throw new Error(`no loaded Firefox recording '${id}'`);
  return r as FirefoxRecording;
}

/**
 * Fixture name → the recording it is built from. `firefox-tls13-test-ca`: secure.test, TLS 1.3 with
 * the test PKI's leaf, intermediate and root. `firefox-overridden-expired`: overridden.test, whose
 * expired certificate the user accepted (Firefox gives an empty chain and, asked again, the leaf).
 * `firefox-tls12-cbc`: cbc.test, TLS 1.2 with an AES-CBC suite, chained to the test root.
 */
const RECORDED = {
  'firefox-tls13-test-ca': 'tls13',
  'firefox-overridden-expired': 'overridden',
  'firefox-tls12-cbc': 'tls12-cbc',
} as const;

/** The fixture names built from recordings. */
export const RECORDED_FIXTURES = Object.keys(RECORDED) as (keyof typeof RECORDED)[];

/** The tab state the background would hold after this recorded response; a fresh object each call. */
export function recordedState(name: string): TabState | undefined {
  const id = (RECORDED as Record<string, string>)[name];
  if (!id) return undefined;
  const { details, securityInfo, leafOnly } = firefoxRecording(id);
  // The adapter copies what it keeps, so tests may edit the state without touching the recording.
  return newPage(details.tabId, firefoxReport(details, details.timeStamp, securityInfo, leafOnly?.certificates));
}
