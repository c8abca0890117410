import { describe, expect, it } from 'vitest';
import { badgeSpec } from '@/lib/report/badge';
import { verdict } from '@/lib/report/verdict';
import type { VerdictKind } from '@/lib/report/types';
import { loadState } from './fixtures';

const KINDS: VerdictKind[] = ['secure', 'weak', 'http', 'mixed', 'overridden', 'broken', 'custom-root', 'local', 'unknown'];
const spec = (kind: VerdictKind) => badgeSpec({ kind, reasons: [{ key: 'reason_no_report' }] }, 'http');

describe('badgeSpec', () => {
  it('plain HTTP is "HTTP" in red', () => {
    const s = badgeSpec(verdict(loadState('plain-http')), 'http');
    expect(s).toEqual({ text: 'HTTP', color: '#d1242f', titleKey: 'badge_title_http' });
  });

  it('unknown on an HTTPS page not inspected is a grey "TLS" with the inspect tooltip', () => {
    const state = loadState('chromium-uninspected');
    expect(badgeSpec(verdict(state), state.main?.scheme)).toEqual({
      text: 'TLS',
      color: '#6b7280',
      titleKey: 'badge_title_tls_not_inspected',
    });
  });

  it('unknown on HTTPS for another reason (cache) is "TLS" with the generic tooltip', () => {
    const state = loadState('chromium-cached');
    expect(badgeSpec(verdict(state), 'https')).toEqual({ text: 'TLS', color: '#6b7280', titleKey: 'badge_title_tls_unknown' });
  });

  it('other unknowns are "?"; without a scheme too', () => {
    expect(badgeSpec({ kind: 'unknown', reasons: [{ key: 'reason_no_report' }] })).toEqual({
      text: '?',
      color: '#6b7280',
      titleKey: 'badge_title_unknown',
    });
    expect(spec('unknown').text).toBe('?');
  });

  it('gives each verdict its own text, colour and tooltip, text at most 4 characters', () => {
    const specs = KINDS.map(spec);
    expect(specs.map((s) => s.text)).toEqual(['OK', 'WEAK', 'HTTP', 'MIX', 'OVR', 'ERR', 'ROOT', 'LOC', '?']);
    expect(new Set(specs.map((s) => s.color)).size).toBe(KINDS.length);
    expect(new Set(specs.map((s) => s.titleKey)).size).toBe(KINDS.length);
    for (const s of specs) {
      expect(s.text.length).toBeLessThanOrEqual(4);
      expect(s.color).toMatch(/^#[0-9a-f]{6}$/);
    }
    expect(spec('custom-root').color).toBe('#7c3aed');
    expect(spec('secure').color).toBe('#1a7f37');
  });

  it('returns a copy: callers cannot change the table', () => {
    const a = spec('secure');
    a.text = 'XX';
    expect(spec('secure').text).toBe('OK');
  });
});
