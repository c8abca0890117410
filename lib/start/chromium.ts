/**
 * The Chromium background's start (entrypoints/background.ts imports it as
 * `onlooker:background-start`; wxt.config.ts picks this file or ./firefox.ts per browser). The
 * service worker may not import(): everything is in one file and starts in the first turn.
 */
import { startBackground } from '@/lib/background-wiring';

export const start = (): void => startBackground();
