/** The https:// twin of a plain-HTTP address, for the popup's "Try HTTPS" button. */

/**
 * `http://host:8080/a?b#c` → `https://host/a?b#c`. The port is dropped: where a site serves
 * plain HTTP says nothing about where it serves HTTPS, and 443 is the best guess.
 * Undefined for anything that is not an http(s) URL with a host.
 */
export function httpsUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' || !parsed.hostname) return undefined;
  parsed.protocol = 'https:';
  parsed.port = '';
  return parsed.href;
}
