import { describe, expect, it, vi } from 'vitest';
import { ALERT_QUIET_MS, FREQUENT_VISITS, hostOfAlertId, normaliseSent, planAlerts, type AlertCandidate } from '../../../lib/watch/alerts';
import { createAlerter } from '../../../lib/watch/notify';
import { detectChanges } from '../../../lib/history/changes';
import type { HistoryEventRecord } from '../../../lib/history/schema';
import { leaf, T0, tls, visit } from '../history/helpers';
import { makeT } from '../cert/i18n';

const c = (over: Partial<AlertCandidate>): AlertCandidate => ({ host: 'bank.example', kind: 'expectation-broken', time: T0, ...over });

describe('alerts: what notifies', () => {
  it('a broken expectation, a downgrade and interception notify; weak, expiring and the rest do not', () => {
    const plan = planAlerts(
      [
        c({}),
        c({ kind: 'https-downgrade' }),
        c({ kind: 'interception-suspected' }),
        c({ kind: 'weak' }),
        c({ kind: 'expiring' }),
        c({ kind: 'ech-lost' }),
      ],
      {},
      T0,
    );
    expect(plan.alerts.map((a) => a.kind)).toEqual(['expectation-broken', 'https-downgrade', 'interception-suspected']);
  });

  it('a new issuing organisation notifies only on a site visited often', () => {
    expect(planAlerts([c({ kind: 'issuer-changed', siteVisits: FREQUENT_VISITS - 1 })], {}, T0).alerts).toEqual([]);
    expect(planAlerts([c({ kind: 'issuer-changed' })], {}, T0).alerts).toEqual([]);
    expect(planAlerts([c({ kind: 'cert-changed', siteVisits: FREQUENT_VISITS, from: 'A', to: 'B' })], {}, T0).alerts).toMatchObject([
      { host: 'bank.example', kind: 'cert-changed', from: 'A', to: 'B' },
    ]);
  });

  it('at most one per site and kind a day, counted across calls (the record is what is stored)', () => {
    const first = planAlerts([c({}), c({})], {}, T0);
    expect(first.alerts).toHaveLength(1);
    expect(planAlerts([c({})], first.sent, T0 + ALERT_QUIET_MS - 1).alerts).toEqual([]);
    expect(planAlerts([c({ host: 'other.example' })], first.sent, T0 + 1).alerts).toHaveLength(1);
    const later = planAlerts([c({})], first.sent, T0 + ALERT_QUIET_MS);
    expect(later.alerts).toHaveLength(1);
    // Old entries are dropped from the record.
    expect(Object.keys(planAlerts([], first.sent, T0 + 2 * ALERT_QUIET_MS).sent)).toEqual([]);
  });

  it('a routine renewal (same organisation, new key) raises no event, so it can never notify', () => {
    const prevVisit = visit({ host: 'bank.example', tls: tls({ leaf: leaf('a') }) });
    const snap = {
      scheme: 'https' as const,
      verdict: 'secure' as const,
      certSha256: 'SHA:a',
      issuerOrg: "Let's Encrypt",
      spki: 'SPKI:a',
      publicRoot: true,
    };
    const renewed = detectChanges(snap, { ...prevVisit, navStart: T0 + 1, tls: tls({ leaf: leaf('b', { issuerCN: 'R10' }) }) } as never);
    expect(renewed).toEqual([]);
  });

  it('a visit that starts breaking an expectation raises one "expectation-broken" event, naming the new issuer', () => {
    const snap = {
      scheme: 'https' as const,
      verdict: 'secure' as const,
      certSha256: 'SHA:a',
      issuerOrg: "Let's Encrypt",
      spki: 'SPKI:a',
      publicRoot: true,
    };
    const next = {
      ...visit({ host: 'bank.example' }),
      verdict: 'unexpected' as const,
      tls: tls({ leaf: leaf('a', { issuerOrg: 'Evil CA' }) }),
    };
    expect(detectChanges(snap, next as never).filter((e) => e.kind === 'expectation-broken')).toEqual([
      { kind: 'expectation-broken', host: 'bank.example', time: T0, from: "Let's Encrypt", to: 'Evil CA' },
    ]);
    expect(detectChanges({ ...snap, verdict: 'unexpected' }, next as never).filter((e) => e.kind === 'expectation-broken')).toEqual([]);
  });

  it('notification ids name the site for the click; the stored record is cleaned', () => {
    const [alert] = planAlerts([c({ host: 'a.bank.example' })], {}, T0).alerts;
    expect(hostOfAlertId(alert!.id)).toBe('a.bank.example');
    expect(hostOfAlertId('someone-else')).toBeUndefined();
    expect(normaliseSent({ 'a.example|https-downgrade': 5, bad: 1, 'b.example|weak': 'x', ['__proto__']: 3 })).toEqual({
      'a.example|https-downgrade': 5,
    });
    expect(normaliseSent(null)).toEqual({});
  });
});

describe('alerts: the notifier', () => {
  const { t } = makeT('en');
  const event = (over: Partial<HistoryEventRecord> = {}): HistoryEventRecord => ({
    host: 'bank.example',
    kind: 'expectation-broken',
    time: T0,
    to: 'Evil CA',
    ...over,
  });

  function setup(enabled: boolean, withApi = true) {
    let sent = {};
    const create = vi.fn((id: string) => Promise.resolve(id));
    const notify = createAlerter({
      enabled: () => enabled,
      notifications: () => (withApi ? { create } : undefined),
      loadSent: () => Promise.resolve(sent),
      saveSent: (next) => {
        sent = next;
        return Promise.resolve();
      },
      now: () => T0,
      iconUrl: 'icon.png',
      t,
    });
    return { notify, create, sent: () => sent };
  }

  it('shows nothing while off or without the permission', async () => {
    for (const [on, api] of [
      [false, true],
      [true, false],
    ] as const) {
      const s = setup(on, api);
      await s.notify([event()], [{ tabId: 1, navStart: T0 }]);
      expect(s.create).not.toHaveBeenCalled();
    }
  });

  it('shows one notification per site and kind, records it first, and says what changed safely', async () => {
    const s = setup(true);
    await Promise.all([
      s.notify([event()], [{ tabId: 1, navStart: T0 }]),
      s.notify([event({ to: '\u202Eevil' })], [{ tabId: 1, navStart: T0 }]),
    ]);
    expect(s.create).toHaveBeenCalledTimes(1);
    const [id, options] = s.create.mock.calls[0] as unknown as [string, { title: string; message: string }];
    expect(hostOfAlertId(id)).toBe('bank.example');
    expect(options.title).toContain('bank.example');
    expect(options.message).toContain('Evil CA');
    expect(Object.keys(s.sent())).toEqual(['bank.example|expectation-broken']);
  });

  it('hostile certificate text reaches the notification inert', async () => {
    const s = setup(true);
    await s.notify([event({ to: 'Good\u202Egnp.exe' })], [{ tabId: 1, navStart: T0 }]);
    const [, options] = s.create.mock.calls[0] as unknown as [string, { message: string }];
    expect(options.message).not.toContain('\u202E');
  });
});
