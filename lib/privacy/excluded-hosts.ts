/**
 * Turning what people type into a host name ("https://www.Example.com:8443/path" →
 * "www.example.com"), for the excluded-sites editor, "delete a site" and the site filter.
 * The history stores hosts lower case without port, so that is the form compared.
 */

const HOST = /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.?$/;
const IPV6 = /^[0-9a-f:.]+$/;

/** The host in a typed text, or undefined when it is not a plausible host name or address. */
export function normaliseHostInput(input: string): string | undefined {
  let s = input.trim().toLowerCase();
  if (!s) return undefined;
  // A pasted URL: let the URL parser find the host (it also turns IDNs into punycode, the form
  // browsers report and the history stores).
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(s)) {
    try {
      s = new URL(s).hostname;
    } catch {
      return undefined;
    }
  } else {
    s = s.split(/[/?#]/, 1)[0] ?? '';
    if (s.startsWith('[')) s = s.slice(0, s.indexOf(']') + 1);
    else if ((s.match(/:/g) ?? []).length === 1) {
      const [name, port] = s.split(':');
      // "host:8080" is a host and a port; "javascript:alert(1)" is not a host at all.
      if (!/^\d*$/.test(port ?? '')) return undefined;
      s = name ?? '';
    }
    if (/[^\x20-\x7e]/.test(s)) {
      try {
        s = new URL(`http://${s}/`).hostname;
      } catch {
        return undefined;
      }
    }
  }
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (s.length === 0 || s.length > 253) return undefined;
  if (s.includes(':')) return IPV6.test(s) ? s : undefined;
  return HOST.test(s) ? s : undefined;
}

/** Adds a host to an excluded-hosts list: sorted, without duplicates. */
export function addHost(list: readonly string[], host: string): string[] {
  return [...new Set([...list, host])].sort();
}

/** Removes a host from an excluded-hosts list. */
export function removeHost(list: readonly string[], host: string): string[] {
  return list.filter((h) => h !== host);
}
