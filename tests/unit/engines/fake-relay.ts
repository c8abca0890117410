import type { Details, SecurityAnswer } from '@/lib/engines/firefox';
import type { Relay } from '@/lib/engines/firefox-gate';

type Listener = (...args: unknown[]) => unknown;

/**
 * A hand-made stand-in for the Firefox gate's relay (lib/engines/firefox-gate.ts): records what
 * subscribes to it and lets a test send events, as `ns.event` names, to every listener of that
 * event, whatever its filter.
 */
export function fakeRelay() {
  const listeners = new Map<string, Listener[]>();
  const answers: ((details: Details, answer: SecurityAnswer) => void)[] = [];
  const event = (name: string) => ({
    addListener: (listener: Listener) => void listeners.set(name, [...(listeners.get(name) ?? []), listener]),
  });
  const ns = (name: string) => new Proxy({}, { get: (_, key: string) => event(`${name}.${key}`) });
  const relay = new Proxy(
    { securityAnswers: { addListener: (listener: (typeof answers)[number]) => void answers.push(listener) } },
    { get: (target, key: string) => (key === 'securityAnswers' ? target.securityAnswers : ns(key)) },
  ) as unknown as Relay;
  return {
    relay,
    emit: (name: string, ...args: unknown[]) => listeners.get(name)?.forEach((listener) => listener(...args)),
    answer: (details: Details, answer: SecurityAnswer) => answers.forEach((listener) => listener(details, answer)),
  };
}
