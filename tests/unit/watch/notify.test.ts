import { describe, expect, it } from 'vitest';
import { planAlerts } from '@/lib/watch/alerts';
import { alertClicks, type NotificationClicks } from '@/lib/watch/notify';

describe('alertClicks', () => {
  const alertId = planAlerts([{ host: 'bank.example', kind: 'https-downgrade', time: 1_000 }], {}, 1_000).alerts[0]!.id;

  it('waits for the permission, listens once, and opens the site a notification names', () => {
    const browser: { notifications?: NotificationClicks } = {};
    const listeners: ((id: string) => void)[] = [];
    const opened: string[] = [];
    const listen = alertClicks(
      () => browser.notifications,
      (host) => opened.push(host),
    );
    expect(listeners).toHaveLength(0);
    // The permission is granted later: the namespace appears, the background calls again.
    browser.notifications = { onClicked: { addListener: (cb) => void listeners.push(cb) } };
    listen();
    listen();
    expect(listeners).toHaveLength(1);
    listeners[0]!(alertId);
    listeners[0]!('some-other-extension-id');
    expect(opened).toEqual(['bank.example']);
  });
});
