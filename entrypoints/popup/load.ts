/**
 * Sends the popup's requests as soon as this module runs. main.tsx imports it first, so it
 * runs before the UI's modules are evaluated and the messages travel meanwhile.
 */
import { loadPopup } from '@/lib/popup/popup-io';

export const loading = loadPopup();
