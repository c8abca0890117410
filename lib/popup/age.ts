/**
 * "inspected 3 min ago": how old a fact is, in words from `_locales` (not Intl, so the
 * language always matches the rest of the popup).
 */
import { msg, type Message } from './message';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago `then` was, seen from `now` (both ms). Future instants count as "just now". */
export function ageMessage(then: number, now: number): Message {
  const elapsed = Math.max(0, now - then);
  if (elapsed < MINUTE) return msg('popup_age_now');
  if (elapsed < HOUR) return msg('popup_age_minutes', Math.floor(elapsed / MINUTE));
  if (elapsed < DAY) return msg('popup_age_hours', Math.floor(elapsed / HOUR));
  return msg('popup_age_days', Math.floor(elapsed / DAY));
}
