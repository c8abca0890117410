/**
 * Saving an export as a file: a Blob URL and a temporary <a download>. No markup is parsed, no
 * `downloads` permission is needed. The URL is revoked once the click has been handled.
 */

/** Starts the download of `text` as `fileName`. */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "onlooker-history-2026-11-20.json": the date tells backups apart in a downloads folder. */
export function exportFileName(kind: 'json' | 'csv', now: number = Date.now()): string {
  const d = new Date(now);
  const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return `onlooker-history-${day}.${kind}`;
}

/** MIME types of the exports. */
export const EXPORT_TYPES = { json: 'application/json', csv: 'text/csv;charset=utf-8' } as const;
