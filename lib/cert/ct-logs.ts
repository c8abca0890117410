/**
 * Names for the Certificate Transparency logs that signed a certificate's SCTs, from the snapshot
 * of the public log list bundled with the extension (lib/cert/ct-log-list.ts, made by
 * scripts/ct-log-list.mjs at release time). Display only: Onlooker does not verify SCTs or
 * enforce CT, so an id it does not know is shown as unknown, never as a failure.
 *
 * The snapshot (~10 KB) is loaded with `import()` by the popup and the history page when a
 * certificate's details are read; the background never imports it (no static import here).
 */

/** A log's state in the list (schema v3), or 'unknown' when the list gave none we know. */
export type CtLogState = 'pending' | 'qualified' | 'usable' | 'readonly' | 'retired' | 'rejected' | 'unknown';

/** What the snapshot says about one log. */
export interface CtLogInfo {
  description: string;
  operator: string;
  state: CtLogState;
}

/** A loaded snapshot: its date and a lookup by log id (base64, as SctInfo.logIdBase64). */
export interface CtLogNames {
  /** YYYY-MM-DD of the newest list in the snapshot. */
  date: string;
  lookup: (logIdBase64: string) => CtLogInfo | undefined;
}

/** The snapshot's tables, as lib/cert/ct-log-list.ts exports them. */
export interface CtLogTables {
  CT_LOG_LIST_DATE: string;
  CT_LOG_OPERATORS: readonly string[];
  CT_LOGS: Readonly<Record<string, readonly [string, number, CtLogState]>>;
}

/** A lookup over the tables. Only own keys: an id like "__proto__" finds nothing. */
export function ctLogNames(tables: CtLogTables): CtLogNames {
  return {
    date: tables.CT_LOG_LIST_DATE,
    lookup: (id) => {
      if (!Object.prototype.hasOwnProperty.call(tables.CT_LOGS, id)) return undefined;
      const entry = tables.CT_LOGS[id];
      if (!entry) return undefined;
      const [description, operator, state] = entry;
      return { description, operator: tables.CT_LOG_OPERATORS[operator] ?? '', state };
    },
  };
}

let loading: Promise<CtLogNames | undefined> | undefined;

/** Loads the snapshot once; undefined (names not shown) if the chunk fails to load. */
export function loadCtLogNames(): Promise<CtLogNames | undefined> {
  loading ??= import('./ct-log-list').then(ctLogNames, () => undefined);
  return loading;
}
