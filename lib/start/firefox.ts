/**
 * The Firefox background's start (see ./chromium.ts for how it is chosen): the gate registers
 * every listener in the first turn and imports the wiring later (lib/engines/firefox-gate.ts).
 * Nothing else may be imported here statically: it would be evaluated before a waiting page is
 * answered.
 */
import { openGate } from '@/lib/engines/firefox-gate';

export const start = (): void => openGate({ load: () => import('@/lib/background-wiring').then((wiring) => wiring.startBackground) });
