/**
 * Saves text as a file through a Blob URL and a temporary <a download>: no markup is parsed and
 * no `downloads` permission is needed. The URL is revoked after the click has been handled.
 * Used by the popup (PEM) and the privacy-history page (exports).
 */
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
