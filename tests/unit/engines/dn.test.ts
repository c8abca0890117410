import { describe, expect, it } from 'vitest';
import { dnAttributes } from '@/lib/engines/dn';

describe('dnAttributes', () => {
  it('reads both engines’ orders', () => {
    expect(dnAttributes('O=Org,CN=a.test').get('CN')).toBe('a.test');
    expect(dnAttributes('CN=a.test, O=Org').get('O')).toBe('Org');
  });
  it('handles quoted values and escaped commas', () => {
    const dn = dnAttributes('CN=x,O="Example, Inc.",OU=A\\,B');
    expect(dn.get('O')).toBe('Example, Inc.');
    expect(dn.get('OU')).toBe('A,B');
  });
  it('returns nothing for garbage and keeps markup as text', () => {
    expect(dnAttributes('no equals here').size).toBe(0);
    expect(dnAttributes('CN=<img src=x onerror=alert(1)>').get('CN')).toBe('<img src=x onerror=alert(1)>');
  });
});
