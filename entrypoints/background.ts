import { startBackground } from '@/lib/background-wiring';

// Listeners must exist before the first event after a worker start, so everything is
// registered synchronously inside startBackground(); the work itself lives in lib/.
// Firefox's event page is a module so the history (Dexie) can load as a chunk on first use;
// Chromium's service worker may not import(), so its build stays one file.
export default defineBackground({ type: { firefox: 'module' }, main: () => startBackground() });
