import { startProbe } from '@/lib/page/start';

// Injected by the background after the page's load event (lib/page/inject.ts); its return
// value is executeScript's result.
export default defineUnlistedScript(() => startProbe());
