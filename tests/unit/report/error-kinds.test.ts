import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_KINDS, blockedBySecurity, refusedOver } from '@/lib/report/error-kinds';

const LIB = new URL('../../../lib/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('error kinds', () => {
  it('certificate and handshake kinds, and the refusal that is one of the two, block the page; aborted, blocked and network do not', () => {
    const blocking = ERROR_KINDS.filter((errorKind) => blockedBySecurity({ errorKind }));
    expect(blocking).toEqual([
      'cert-expired',
      'cert-untrusted',
      'cert-name',
      'cert-revoked',
      'cert-other',
      'tls-protocol',
      'secure-connection-failed',
    ]);
    expect(blockedBySecurity({})).toBe(false);
  });

  it('only certificate kinds are refusals over the certificate; Firefox’s unnamed refusal is not known to be one', () => {
    expect(Object.fromEntries(ERROR_KINDS.map((errorKind) => [errorKind, refusedOver({ errorKind })]))).toEqual({
      'cert-expired': 'certificate',
      'cert-untrusted': 'certificate',
      'cert-name': 'certificate',
      'cert-revoked': 'certificate',
      'cert-other': 'certificate',
      'tls-protocol': 'handshake',
      'secure-connection-failed': 'unknown',
      aborted: undefined,
      blocked: undefined,
      network: undefined,
    });
    expect(refusedOver({})).toBeUndefined();
  });

  it('only the engine adapters read the browsers’ error strings', () => {
    // NS_ERROR_DOM_QUOTA_REACHED is IndexedDB's quota error (lib/history/schema.ts), not a load error.
    const engineError = /net::ERR_|ERR_CERT|SEC_ERROR_|SSL_ERROR_|MOZILLA_PKIX_ERROR_|NS_BINDING_|NS_ERROR_(?!DOM_QUOTA_REACHED)/;
    const readers = sources(LIB)
      .filter((file) => !relative(LIB, file).startsWith('engines/'))
      .filter((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .some((line) => !/^\s*(\*|\/\/)/.test(line) && engineError.test(line)),
      )
      .map((file) => relative(LIB, file));
    expect(readers).toEqual([]);
  });
});
