import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, withoutVisit, type Route } from '../../../lib/privacy/route';

describe('hash routes', () => {
  it.each<[string, Route]>([
    ['', { view: 'visits' }],
    ['#', { view: 'visits' }],
    ['#visits', { view: 'visits' }],
    ['#events', { view: 'events' }],
    ['#charts', { view: 'charts' }],
    ['#settings', { view: 'settings' }],
    ['#visit=1794725507704', { view: 'visits', visit: 1794725507704 }],
    ['#site=Example.TEST', { view: 'site', host: 'example.test' }],
    ['#site=a.test&visit=17', { view: 'site', host: 'a.test', visit: 17 }],
    ['#visit=abc', { view: 'visits' }],
    ['#visit=-5', { view: 'visits' }],
    ['#nonsense', { view: 'visits' }],
    ['#site=', { view: 'visits' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips, hosts encoded', () => {
    const routes: Route[] = [
      { view: 'visits' },
      { view: 'visits', visit: 12 },
      { view: 'site', host: 'xn--bcher-kva.example' },
      { view: 'site', host: 'a.test', visit: 3 },
      { view: 'events' },
      { view: 'charts' },
      { view: 'settings' },
    ];
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r);
    expect(routeHash({ view: 'site', host: 'a&b=c' })).toBe('#site=a%26b%3Dc');
  });

  it('closing the details keeps the view', () => {
    expect(withoutVisit({ view: 'site', host: 'a.test', visit: 3 })).toEqual({ view: 'site', host: 'a.test' });
  });
});
