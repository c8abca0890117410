import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { HandshakeSection } from '../../../components/popup/HandshakeSection';
import type { ChainProof } from '../../../lib/popup/chain-proof';
import { handshakeView } from '../../../lib/popup/handshake';
import { makeT } from '../cert/i18n';
import { linkedomDom } from '../dom';
import { loadState } from './fixtures';

const { mount } = linkedomDom();
const en = makeT('en').t;
const de = makeT('de').t;

function open(root: Element) {
  const details = root.querySelector('details')!;
  (details as unknown as { open: boolean }).open = true;
  details.dispatchEvent(new (details.ownerDocument.defaultView as unknown as { Event: typeof Event }).Event('toggle'));
}

describe('HandshakeSection', () => {
  it('draws nothing but its title until opened, then an ordered list with who can read each message', async () => {
    const view = handshakeView(loadState('firefox-tls12-cbc').main!, 'firefox');
    let proved = 0;
    const proof: ChainProof = {
      links: [{ subject: 'tls12.test', signer: 'Issuing CA', check: { status: 'valid', algorithm: 'sha256WithRSAEncryption' } }],
      root: { name: 'Root', check: { status: 'valid', algorithm: 'sha256WithRSAEncryption' } },
      end: 'built-in',
    };
    const root = mount(<HandshakeSection view={view} prove={async () => (proved++, proof)} t={en} />) as unknown as Element;
    expect(root.querySelector('ol')).toBeNull();
    expect(proved).toBe(0);
    await act(async () => open(root));
    const list = root.querySelector('ol.hs-steps')!;
    expect(list.getAttribute('aria-label')).toBe('The messages, in order');
    const certificate = list.querySelector('[data-step="certificate"]')!;
    expect(certificate.textContent).toContain('readable by anyone on the way');
    expect(certificate.textContent).toContain('TLS 1.2 sends the certificate in the clear');
    expect(list.querySelector('[data-step="client-finished"]')!.textContent).toContain('encrypted: only your browser and the server');
    expect(proved).toBe(1);
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(root.querySelector('.hs-proof')!.textContent).toContain(
      'tls12.test is signed by Issuing CA with sha256WithRSAEncryption: checked here, valid',
    );
    expect(root.querySelector('.hs-end-built-in')!.textContent).toContain('built into the browser');
  });

  it('renders hostile names as text, in German too', async () => {
    const state = loadState('firefox-tls13-test-ca');
    const hostile = '<img src=x onerror=alert(1)>';
    const view = handshakeView({ ...state.main!, host: hostile, url: `https://x.test/${encodeURIComponent(hostile)}` }, 'firefox');
    const root = mount(<HandshakeSection view={view} t={de} />) as unknown as Element;
    await act(async () => open(root));
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain(hostile);
    expect(root.textContent).toContain('Wie diese Verbindung zustande kam');
    expect(root.textContent).toContain('verschlüsselt: nur Ihr Browser und der Server');
  });
});
