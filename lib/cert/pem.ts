/**
 * PEM export for "Download PEM". Pure text work, no x509, so components may import it.
 */
import { normaliseBase64 } from './bytes';

/** One certificate as PEM: 64-column base64 between BEGIN/END lines, ending in a newline. */
export function toPem(derBase64: string): string {
  const body = normaliseBase64(derBase64).match(/.{1,64}/g) ?? [];
  return ['-----BEGIN CERTIFICATE-----', ...body, '-----END CERTIFICATE-----', ''].join('\n');
}

/** A chain as concatenated PEM blocks, in the order given (leaf first, as servers send it). */
export function chainToPem(ders: readonly string[]): string {
  return ders.map(toPem).join('');
}

/**
 * A safe download file name from a (hostile) common name: only [A-Za-z0-9._-], no leading dot,
 * bounded length, so a CN like "../../x" or one full of bidi controls cannot shape the path.
 */
export function pemFileName(commonName: string | undefined, fallback = 'certificate'): string {
  const base = (commonName ?? '')
    .replace(/^\*\./, 'wildcard.')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 64);
  return `${base || fallback}.pem`;
}
