/** Names and types of export files; saving itself is lib/ui/download. */

/** "onlooker-history-2026-11-20.json": the date tells backups apart in a downloads folder. */
export function exportFileName(kind: 'json' | 'csv', now: number = Date.now()): string {
  const d = new Date(now);
  const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return `onlooker-history-${day}.${kind}`;
}

/** MIME types of the exports. */
export const EXPORT_TYPES = { json: 'application/json', csv: 'text/csv;charset=utf-8' } as const;
