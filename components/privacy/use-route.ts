/** The current hash route, kept in step with the address bar (back/forward, links). */
import { useEffect, useState } from 'preact/hooks';
import { parseRoute, routeHash, type Route } from '@/lib/privacy/route';

export function useRoute(): [Route, (next: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  // Assigning the hash adds a history entry and fires hashchange, which updates the state.
  const go = (next: Route) => {
    location.hash = routeHash(next);
  };
  return [route, go];
}
