import { describe, expect, it } from 'vitest';
import { addWithSecurityInfo } from '@/lib/engines/chromium-listeners';

describe('addWithSecurityInfo', () => {
  it('asks for securityInfo where the browser knows the option', () => {
    const calls: (string[] | undefined)[] = [];
    const event = { addListener: (_cb: unknown, _f: unknown, spec?: string[]) => void calls.push(spec) };
    expect(addWithSecurityInfo(event, () => undefined)).toBe(true);
    expect(calls).toEqual([['securityInfo']]);
  });

  it('falls back to a plain listener where the option is unknown (addListener throws)', () => {
    const calls: (string[] | undefined)[] = [];
    const event = {
      addListener: (_cb: unknown, _f: unknown, spec?: string[]) => {
        if (spec?.includes('securityInfo')) throw new TypeError("Invalid value for argument 3. Value must be one of: [responseHeaders, extraHeaders]");
        calls.push(spec);
      },
    };
    expect(addWithSecurityInfo(event, () => undefined)).toBe(false);
    expect(calls).toEqual([undefined]);
  });
});
