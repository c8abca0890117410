import { describe, expect, it } from 'vitest';
import { addSecurityInfoListener, createSecurityInfoJoin, SECURITY_INFO_SPEC } from '@/lib/engines/chromium-listeners';

const secure = { state: 'secure', certificates: [{ fingerprint: { sha256: 'AB:CD' } }] };
const main = (requestId: string, url = 'https://secure.test/') => ({ requestId, url, type: 'main_frame' });

describe('addSecurityInfoListener', () => {
  it('asks onHeadersReceived for securityInfo and its DER, main documents only', () => {
    const calls: { filter: unknown; spec?: string[] }[] = [];
    const event = { addListener: (_cb: unknown, filter: unknown, spec?: string[]) => void calls.push({ filter, spec }) };
    expect(addSecurityInfoListener(event, () => undefined)).toBe(true);
    expect(calls).toEqual([{ filter: { urls: ['<all_urls>'], types: ['main_frame'] }, spec: ['securityInfo', 'securityInfoRawDer'] }]);
    expect(SECURITY_INFO_SPEC).toEqual(['securityInfo', 'securityInfoRawDer']);
  });

  it('does without where the browser does not know the options (addListener throws)', () => {
    const event = {
      addListener: () => {
        throw new TypeError('Invalid value for argument 3. Value must be one of: [responseHeaders, extraHeaders]');
      },
    };
    expect(addSecurityInfoListener(event, () => undefined)).toBe(false);
  });
});

describe('createSecurityInfoJoin', () => {
  it("hands the parked info to the same request's response, once", () => {
    const join = createSecurityInfoJoin();
    join.park({ requestId: '7', securityInfo: secure });
    expect(join.take(main('8'), true)).toBeUndefined();
    expect(join.take(main('7'), true)).toBe(secure);
    expect(join.take(main('7'), true)).toBeUndefined();
    expect(join.parked).toBe(0);
  });

  it('keeps the last info of a redirected request (same id)', () => {
    const join = createSecurityInfoJoin();
    const final = { state: 'secure', certificates: [{ fingerprint: { sha256: 'EF' } }] };
    join.park({ requestId: '1', securityInfo: secure });
    join.park({ requestId: '1', securityInfo: final });
    expect(join.take(main('1'), true)).toBe(final);
  });

  it('stays bounded when responses never come', () => {
    const join = createSecurityInfoJoin(3);
    for (let i = 0; i < 10; i++) join.park({ requestId: String(i), securityInfo: secure });
    expect(join.parked).toBe(3);
    expect(join.take(main('0'), true)).toBeUndefined();
    expect(join.take(main('9'), true)).toBe(secure);
  });

  it('detects the feature from events, not from registration', () => {
    const on = createSecurityInfoJoin();
    expect(on.support).toBe('unknown');
    on.park({ requestId: '1', securityInfo: secure });
    expect(on.support).toBe('on');
    // A later response without it (a worker restart in between) does not turn it off.
    on.take(main('2'), true);
    expect(on.support).toBe('on');

    const off = createSecurityInfoJoin();
    // The listener firing without the field (another onHeadersReceived listener exists) proves nothing.
    off.park({ requestId: '1' });
    expect(off.support).toBe('unknown');
    // Neither does a blocked certificate error (no headers ever), a cache hit or plain HTTP.
    off.take(main('1', 'https://expired.test/'), false);
    off.take({ ...main('2'), fromCache: true }, true);
    off.take(main('3', 'http://plain.test/'), true);
    off.take({ requestId: '4', url: 'https://secure.test/a.png', type: 'image' }, true);
    expect(off.support).toBe('unknown');
    // An HTTPS document that reached onResponseStarted without securityInfo does.
    off.take(main('5'), true);
    expect(off.support).toBe('off');
    off.park({ requestId: '6', securityInfo: secure });
    expect(off.support).toBe('on');
  });
});
