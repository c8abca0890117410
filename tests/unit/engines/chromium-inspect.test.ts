import { describe, expect, it } from 'vitest';
import cdp from '../../fixtures/engines/recorded/chromium-cdp.json';
import { inspectTab, type DebuggerApi } from '@/lib/engines/chromium-inspect';

/**
 * A scripted `chrome.debugger`: commands are recorded, and what the page "does" in answer to
 * them is the test's script. The response objects are the ones recorded from Chromium 156
 * (tests/fixtures/engines/recorded/chromium-cdp.json, secure.test); the debugger itself is a fake.
 */
function scriptedDebugger(onCommand: (method: string, emit: (method: string, params: object) => void) => unknown) {
  const sent: string[] = [];
  const listeners = new Set<(source: { tabId: number }, method: string, params?: unknown) => void>();
  const emit = (method: string, params: object) => queueMicrotask(() => listeners.forEach((l) => l({ tabId: 7 }, method, params)));
  const api: DebuggerApi = {
    attach: async () => undefined,
    detach: async () => undefined,
    sendCommand: async (_target, method) => {
      sent.push(method);
      if (method === 'Page.getFrameTree') return { frameTree: { frame: { id: 'F1' } } };
      if (method === 'Page.createIsolatedWorld') return { executionContextId: 3 };
      if (method === 'Network.getCertificate') return { tableNames: [] };
      return onCommand(method, emit);
    },
    onEvent: { addListener: (l) => void listeners.add(l), removeListener: (l) => void listeners.delete(l) },
  };
  return { api, sent };
}

const URL_ = 'https://secure.test:8443/';
const response = cdp.recordings.tls13.response;

describe('inspectTab', () => {
  it('sees the connection on a request to the page, without reloading it', async () => {
    const { api, sent } = scriptedDebugger((method, emit) => {
      if (method === 'Runtime.callFunctionOn')
        emit('Network.responseReceived', { type: 'Fetch', requestId: 'R9', loaderId: 'L1', response });
      return {};
    });
    const outcome = await inspectTab(api, 7, `${URL_}#typed`, () => 1000, false);
    expect(outcome.result).toMatchObject({ ok: true, tls: { protocol: 'TLSv1.3', inspectedBy: 'request' } });
    expect(sent).not.toContain('Page.reload');
    expect(outcome.facts).toEqual({ httpVersion: 'HTTP/1.1', ip: '198.18.0.2' });
  });

  it('reloads when the request is refused (e.g. the page CSP), and says so', async () => {
    const { api, sent } = scriptedDebugger((method, emit) => {
      if (method === 'Runtime.callFunctionOn') throw new Error('Refused to connect');
      if (method === 'Page.reload') emit('Network.responseReceived', { type: 'Document', requestId: 'L2', loaderId: 'L2', response });
      return {};
    });
    const started = Date.now();
    const outcome = await inspectTab(api, 7, URL_, () => 1000, false);
    expect(outcome.result).toMatchObject({ ok: true, tls: { inspectedBy: 'reload' } });
    expect(sent).toContain('Page.reload');
    // A refusal ends the wait after a short grace, not the whole request timeout.
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('does not take an answer from the page’s service worker (it carries no connection)', async () => {
    const { api, sent } = scriptedDebugger((method, emit) => {
      if (method === 'Runtime.callFunctionOn') {
        const { securityDetails: _none, ...bare } = response;
        emit('Network.responseReceived', { type: 'Fetch', requestId: 'R9', response: { ...bare, fromServiceWorker: true } });
      }
      if (method === 'Page.reload') emit('Network.responseReceived', { type: 'Document', requestId: 'L3', loaderId: 'L3', response });
      return {};
    });
    const outcome = await inspectTab(api, 7, URL_, () => 1000, false);
    expect(outcome.result).toMatchObject({ ok: true, tls: { inspectedBy: 'reload' } });
    expect(sent.filter((m) => m === 'Page.reload')).toHaveLength(1);
  });

  it('ignores responses of other pages and other tabs', async () => {
    const { api, sent } = scriptedDebugger((method, emit) => {
      if (method === 'Runtime.callFunctionOn') {
        emit('Network.responseReceived', { type: 'Fetch', requestId: 'R1', response: { ...response, url: 'https://other.test/' } });
        emit('Network.responseReceived', { type: 'Fetch', requestId: 'R2', response });
      }
      return {};
    });
    const outcome = await inspectTab(api, 7, URL_, () => 1000, false);
    expect(outcome.result).toMatchObject({ ok: true, tls: { inspectedBy: 'request' } });
    expect(sent).not.toContain('Page.reload');
  });
});
