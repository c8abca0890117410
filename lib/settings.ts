/**
 * The user's settings, in `storage.local` under one key so they sync across contexts with one
 * `storage.onChanged` event. Readers always merge over DEFAULTS, so a setting added in a later
 * version needs no migration and a damaged value falls back to its default.
 */
import { browser } from 'wxt/browser';

/** `storage.onChanged`, or the Firefox gate's relay of it. */
export type StorageChanged = Pick<typeof browser.storage.onChanged, 'addListener'>;

export interface Settings {
  /** Judge localhost / LAN sites like internet sites (for developers checking their own site). */
  localAsRemote: boolean;
  /** Keep the privacy history at all. */
  historyEnabled: boolean;
  /** Visits older than this many days are deleted automatically. */
  retentionDays: number;
  /** Hosts never written to the history (exact host or any subdomain of it). */
  excludedHosts: string[];
  /**
   * Desktop notifications for important changes (lib/watch/alerts.ts). Off by default; the
   * settings page turns it on only after the optional `notifications` permission is granted.
   */
  alertsEnabled: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  localAsRemote: false,
  historyEnabled: true,
  retentionDays: 90,
  excludedHosts: [],
  alertsEnabled: false,
});

const KEY = 'settings';

/** Merges a stored value over the defaults, keeping only well-typed fields. */
function normaliseSettings(value: unknown): Settings {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof Settings, unknown>>;
  const days = Number(v.retentionDays);
  return {
    localAsRemote: typeof v.localAsRemote === 'boolean' ? v.localAsRemote : DEFAULT_SETTINGS.localAsRemote,
    historyEnabled: typeof v.historyEnabled === 'boolean' ? v.historyEnabled : DEFAULT_SETTINGS.historyEnabled,
    retentionDays: Number.isFinite(days) && days >= 1 && days <= 3650 ? Math.round(days) : DEFAULT_SETTINGS.retentionDays,
    excludedHosts: Array.isArray(v.excludedHosts)
      ? v.excludedHosts.filter((h): h is string => typeof h === 'string' && h.length > 0).map((h) => h.toLowerCase())
      : [],
    alertsEnabled: typeof v.alertsEnabled === 'boolean' ? v.alertsEnabled : DEFAULT_SETTINGS.alertsEnabled,
  };
}

/** True when `host` is an excluded host or a subdomain of one. */
export function isExcluded(settings: Pick<Settings, 'excludedHosts'>, host: string): boolean {
  const h = host.toLowerCase();
  return settings.excludedHosts.some((e) => h === e || h.endsWith(`.${e}`));
}

export async function loadSettings(): Promise<Settings> {
  try {
    const stored = await browser.storage.local.get(KEY);
    return normaliseSettings(stored[KEY]);
  } catch {
    return { ...DEFAULT_SETTINGS, excludedHosts: [] };
  }
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = normaliseSettings({ ...(await loadSettings()), ...patch });
  await browser.storage.local.set({ [KEY]: next });
  return next;
}

/**
 * Calls `cb` with the new settings whenever any context changes them. Register at top level
 * (the background passes its own events: in Firefox, the gate's relay).
 */
export function watchSettings(cb: (settings: Settings) => void, onChanged: StorageChanged = browser.storage.onChanged): void {
  onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[KEY]) cb(normaliseSettings(changes[KEY].newValue));
  });
}
