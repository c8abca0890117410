import { start } from 'onlooker:background-start';

// Listeners must exist before the first event after a start, so they are all registered
// synchronously in this first turn; the work itself lives in lib/. Which start: per browser, at
// build time (lib/start/): Chromium's worker starts everything at once, Firefox's event page
// through a gate that keeps a waiting page's answer small.
export default defineBackground({ type: { firefox: 'module' }, main: start });
