import { describe, expect, it } from 'vitest';
import { HAND_MADE_KEY, loadState, storedFixtures } from './fixtures';

// The standard: unit tests run on objects recorded from the real browsers, and a hand-made fixture
// says that it is one. Stored report fixtures are the hand-made ones (recorded states are built in
// recorded-states.ts), so each must carry a note saying why no recording could stand in for it.
describe('stored report fixtures', () => {
  const stored = storedFixtures();

  it('there are stored fixtures to check', () => {
    expect(stored.length).toBeGreaterThan(0);
  });

  it.each(stored.map((f) => [f.name, f.data] as const))('%s says it is hand-made, and why', (_name, data) => {
    const note = (data as Record<string, unknown>)[HAND_MADE_KEY];
    expect(typeof note).toBe('string');
    expect(note as string).toMatch(/^hand-made: \S.{20,}/);
  });

  it.each(stored.map((f) => f.name))('%s loads without the note', (name) => {
    expect(loadState(name)).not.toHaveProperty(HAND_MADE_KEY);
  });
});
