/**
 * The background side of the page probe: after a top-level page has loaded
 * (webNavigation.onCompleted, i.e. after its load event, so nothing the page waits for), the
 * probe is injected with scripting.executeScript into every HTTP and HTTPS page, on both engines:
 * secret fields matter on both schemes (and most on plain HTTP), mixed content on HTTPS, and on
 * Chromium the page's HTTP version (its statusLine says "HTTP/1.1" for h2/h3; Firefox's is right).
 * Stateless: everything it learns goes to the tracker (storage.session).
 */
import { parsePageProbe, PROBE_LIMITS } from '@/lib/messages';
import type { TabState } from '@/lib/report/types';
import type { ProbeReport } from '@/lib/state/tracker';
import type { ProbeResult } from './start';

/** The unlisted script built from entrypoints/page-probe.ts. */
export const PROBE_FILE = '/page-probe.js' as const;

export function needsProbe(state: TabState | undefined): boolean {
  const main = state?.main;
  if (!main || main.error) return false;
  return main.scheme === 'https' || main.scheme === 'http';
}

/** The part of scripting.executeScript used here (both engines; Firefox without documentIds). */
export type ExecuteScript = (injection: {
  target: { tabId: number; frameIds: number[] };
  files: (typeof PROBE_FILE)[];
}) => Promise<{ result?: unknown }[] | undefined>;

export interface ProbeDeps {
  executeScript: ExecuteScript;
  /** Where a result goes: PageTracker.probe (which checks it still describes the tab's page). */
  apply: (report: ProbeReport) => void;
}

/**
 * The injected script ran in the page's renderer, which a hostile page may control: its
 * result is checked exactly like a page-probe message (lib/messages.ts), plus the page's URL.
 */
export function probeResult(value: unknown): ProbeResult | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { url, ...fields } = value as Record<string, unknown>;
  if (typeof url !== 'string' || url.length > PROBE_LIMITS.url) return undefined;
  const probe = parsePageProbe(fields);
  return probe && { url, ...probe };
}

/** Probes the tab's top frame if its page needs it. Failures (tab gone, no permission) are silent. */
export async function probeTab(deps: ProbeDeps, tabId: number, state: TabState | undefined): Promise<void> {
  if (!needsProbe(state)) return;
  let results: { result?: unknown }[] | undefined;
  try {
    results = await deps.executeScript({ target: { tabId, frameIds: [0] }, files: [PROBE_FILE] });
  } catch {
    return;
  }
  const result = probeResult(results?.[0]?.result);
  // Nothing new (no plain-HTTP content or secret field, and the HTTP version known or not found): nothing to do.
  const newProtocol = !!result?.protocol && !state?.main?.httpVersion;
  if (!result || (!result.mixed.length && !result.secrets.length && !newProtocol)) return;
  deps.apply({ tabId, url: result.url, protocol: newProtocol ? result.protocol : '', mixed: result.mixed, secrets: result.secrets });
}
