/**
 * A failed page action says why in the page's language: the exception's own message (English,
 * or database internals) never reaches the translated status line.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { linkedomDom } from '../dom';
import { usePageActions } from '../../../components/privacy/use-page-actions';
import { createFormats } from '../../../lib/privacy/format';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { makeT } from '../cert/i18n';

const failure = vi.hoisted(() => ({ error: undefined as unknown }));
vi.mock('../../../lib/privacy/privacy-io', () => ({
  saveSettings: () => Promise.reject(failure.error),
}));

const { mount } = linkedomDom();

/** Runs "save settings" (which fails with `error`) and returns the status line's text. */
async function statusAfterFailure(error: unknown, lang: string): Promise<string | undefined> {
  failure.error = error;
  const { t } = makeT(lang);
  let actions: ReturnType<typeof usePageActions> | undefined;
  const Probe = () => {
    actions = usePageActions({
      settings: DEFAULT_SETTINGS,
      setSettings: () => undefined,
      route: { view: 'visits' },
      go: () => undefined,
      bump: () => undefined,
      t,
      f: createFormats(lang),
    });
    return null;
  };
  mount(h(Probe, {}));
  // The exception itself goes to the console, for developers.
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  await act(async () => {
    actions!.onSettings({ localAsRemote: true });
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  warn.mockRestore();
  return actions!.status?.text;
}

describe('a failed page action', () => {
  it('says it in German, with none of the exception’s English', async () => {
    const de = makeT('de').messages;
    const text = await statusAfterFailure(new Error('Database is closing'), 'de');
    expect(text).toBe(de['privacy_action_failed']!.message);
    expect(text).not.toContain('Database');
  });

  it('names a full disk, however the database wrapped it', async () => {
    const de = makeT('de').messages;
    const quota = Object.assign(new Error('AbortError: transaction aborted'), {
      name: 'AbortError',
      inner: new DOMException('QuotaExceededError: the quota has been exceeded', 'QuotaExceededError'),
    });
    expect(await statusAfterFailure(quota, 'de')).toBe(de['privacy_action_failed_quota']!.message);
    expect(await statusAfterFailure(quota, 'en')).toBe('That did not work: the disk is full.');
  });
});
