import { startBackground } from '@/lib/background-wiring';

// Listeners must exist before the first event after a worker start, so everything is
// registered synchronously inside startBackground(); the work itself lives in lib/.
export default defineBackground(() => startBackground());
