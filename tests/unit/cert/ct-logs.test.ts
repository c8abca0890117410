/**
 * The CT log snapshot (lib/cert/ct-log-list.ts, generated) and the script that makes it
 * (scripts/ct-log-list.mjs). The lists given to snapshot() here are hand-made fixtures in the
 * shape of Google's log_list.json v3; the committed snapshot is the real list's output.
 */
import { describe, expect, it } from 'vitest';
import * as committed from '../../../lib/cert/ct-log-list';
import { ctLogNames, loadCtLogNames } from '../../../lib/cert/ct-logs';
// @ts-expect-error: a plain .mjs script without type declarations
import { render, snapshot } from '../../../scripts/ct-log-list.mjs';

const id = (n: number) => Buffer.alloc(32, n).toString('base64');
const list = (timestamp: string, logs: { d: string; id: string; state: string }[], op = 'Test Operator') => ({
  version: timestamp.slice(0, 4),
  log_list_timestamp: timestamp,
  operators: [
    { name: op, logs: logs.map((l) => ({ description: l.d, log_id: l.id, state: { [l.state]: { timestamp } } })), tiled_logs: [] },
  ],
});

describe('the committed snapshot', () => {
  it('has a date and only well-formed 32-byte log ids with a name and an operator', () => {
    expect(committed.CT_LOG_LIST_DATE).toMatch(/^\d{4}-\d\d-\d\d$/);
    const entries = Object.entries(committed.CT_LOGS);
    expect(entries.length).toBeGreaterThan(40);
    for (const [logId, [description, op]] of entries) {
      expect(Buffer.from(logId, 'base64')).toHaveLength(32);
      expect(description.length).toBeGreaterThan(0);
      expect(committed.CT_LOG_OPERATORS[op], description).toBeTruthy();
    }
  });

  it('names real logs: Google Argon2026h2 and Let’s Encrypt Sycamore2026h2', async () => {
    const names = (await loadCtLogNames())!;
    expect(names.lookup('1219ENGn9XfCx+lf1wC/+YLJM1pl4dCzAXMXwMjFaXc=')).toEqual({
      description: "Google 'Argon2026h2' log",
      operator: 'Google',
      state: 'usable',
    });
    expect(names.lookup('bP5QGUOoXqkWvFLRM+TcyR7xQRx9JYQg0XOAnhgY6zo=')?.operator).toBe("Let's Encrypt");
  });

  it('finds nothing for an unknown id or an inherited property name', () => {
    const names = ctLogNames(committed);
    expect(names.lookup(id(0xee))).toBeUndefined();
    for (const key of ['__proto__', 'constructor', 'toString', '']) expect(names.lookup(key)).toBeUndefined();
  });
});

describe('scripts/ct-log-list.mjs', () => {
  it('keeps id, name, operator and state; the newest list wins for a log in several', () => {
    const older = list('2025-01-01T00:00:00Z', [
      { d: 'Old A', id: id(1), state: 'usable' },
      { d: 'Only old', id: id(2), state: 'usable' },
    ]);
    const newer = list('2026-08-29T13:39:10Z', [{ d: 'New A', id: id(1), state: 'retired' }], 'Other Operator');
    const s = snapshot([newer, older]);
    expect(s.date).toBe('2026-08-29');
    expect(s.logs).toEqual([
      [id(1), 'New A', 0, 'retired'],
      [id(2), 'Only old', 1, 'usable'],
    ]);
    expect(s.operators).toEqual(['Other Operator', 'Test Operator']);
    expect(render(s)).toContain(`export const CT_LOG_LIST_DATE = "2026-08-29";`);
  });

  it('rejects a list that is not one, or a malformed log id', () => {
    expect(() => snapshot([{ operators: 'x' }])).toThrow(/operators/);
    expect(() => snapshot([list('2026-01-01T00:00:00Z', [{ d: 'x', id: 'AAAA', state: 'usable' }])])).toThrow(/log_id/);
  });

  it('strips control and direction characters from names', () => {
    const s = snapshot([list('2026-01-01T00:00:00Z', [{ d: 'Evil\u202Egol\u0007', id: id(3), state: 'usable' }])]);
    expect(s.logs[0][1]).toBe('Evilgol');
  });
});
