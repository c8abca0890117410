/**
 * Before any e2e file runs: the test sites need a network namespace (tests/fixtures/netns.mjs).
 * Making and removing one here turns a missing privilege or a missing `ip` into one clear
 * failure of the whole run, instead of every file failing the same way; it also clears what
 * earlier runs that were killed left behind.
 */
import { openNetns } from '../fixtures/netns.mjs';

export default function setup(): void {
  openNetns().close();
}
