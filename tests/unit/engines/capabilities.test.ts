import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, ever, readmeTable } from '@/lib/engines/capabilities';
import { connectionFacts } from '@/lib/popup/connection';
import { inspectOffer } from '@/lib/popup/inspect';
import type { ConnectionReport } from '@/lib/report/types';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('capabilities', () => {
  it('the README table is the one made from the capabilities table', () => {
    const block = /<!-- capabilities:start[^>]*-->\n([\s\S]*?)\n<!-- capabilities:end -->/.exec(README);
    expect(block?.[1]).toBe(readmeTable());
  });

  it('the screens follow it: Inspect only where it exists, "never" facts say the browser never tells', () => {
    const main: ConnectionReport = {
      v: 1,
      engine: 'chromium',
      url: 'https://a.test/',
      host: 'a.test',
      scheme: 'https',
      time: 1,
      tlsUnknown: 'not-inspected',
    };
    expect(inspectOffer('chromium', main).offered).toBe(CAPABILITIES.chromium.inspect);
    expect(inspectOffer('firefox', { ...main, engine: 'firefox' }).offered).toBe(CAPABILITIES.firefox.inspect);
    const facts = Object.fromEntries(connectionFacts('chromium', main).map((f) => [f.id, f.value]));
    expect(ever(CAPABILITIES.chromium.ocspAndPrivateDns)).toBe(false);
    expect(facts.ocsp).toEqual({ kind: 'unknown', why: { key: 'popup_why_chromium' } });
    expect(facts.proxy).toEqual({ kind: 'unknown', why: { key: 'popup_why_chromium' } });
    expect(ever(CAPABILITIES.chromium.tlsDetails)).toBe(true);
    expect(facts.cipher).toEqual({ kind: 'unknown', why: { key: 'popup_why_not_inspected' } });
  });
});
