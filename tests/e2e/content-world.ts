/**
 * Runs code in a tab's content-script world: the context a compromised page renderer controls,
 * and the one Onlooker's page probe runs in. Messages sent from there carry the sender the
 * browser gives content scripts (the tab and document, never an extension page).
 *
 * Chromium: the real content script's isolated world, found over CDP (Runtime.enable reports an
 * execution context with auxData.type "isolated" and the extension's origin; playwright's
 * page.evaluate would run in the main world, which has no chrome.runtime).
 * Firefox: WebDriver BiDi lists only window realms (script.getRealms shows no content-script
 * sandbox), so the e2e build's `scripting` permission injects the code with
 * scripting.executeScript in the ISOLATED world: the same per-frame sandbox the manifest's content
 * scripts share; the background sees envType "content_child" and the page's URL, as for them.
 */
import type { Page as PwPage } from 'playwright-core';
import { waitFor, type Session, type TestPage } from './harness.ts';

/** What a runtime.sendMessage from the content-script world gave: an answer, or an error. */
export type Outcome = { ok: unknown } | { err: string };

/** Sends `message` with runtime.sendMessage from the content-script world of `tabId`'s top frame. */
export async function sendFromContentScript(session: Session, tabId: number, page: TestPage, message: unknown): Promise<Outcome> {
  if (session.browser === 'chromium') {
    const pw = page.raw as PwPage;
    const cdp = await pw.context().newCDPSession(pw);
    try {
      const contexts: { id: number; origin: string; auxData?: { type?: string; frameId?: string } }[] = [];
      cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
      await cdp.send('Runtime.enable');
      const { frameTree } = await cdp.send('Page.getFrameTree');
      const world = await waitFor('the extension content script world', async () =>
        contexts.find(
          (c) => c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frame.id && c.origin === session.extensionBase,
        ),
      );
      const result = await cdp.send('Runtime.evaluate', {
        contextId: world.id,
        awaitPromise: true,
        returnByValue: true,
        expression: `chrome.runtime.sendMessage(${JSON.stringify(message)}).then((ok) => ({ ok: ok ?? null }), (e) => ({ err: String(e && e.message || e) }))`,
      });
      if (result.exceptionDetails) throw new Error(`content world: ${JSON.stringify(result.exceptionDetails)}`);
      return result.result.value as Outcome;
    } finally {
      await cdp.detach().catch(() => {});
    }
  }
  return session.evalInBackground(
    async ({ tabId: id, message: m }: { tabId: number; message: unknown }) => {
      const [injection] = await chrome.scripting.executeScript({
        target: { tabId: id, frameIds: [0] },
        world: 'ISOLATED',
        args: [m],
        func: (msg: unknown) =>
          chrome.runtime.sendMessage(msg).then(
            (ok: unknown) => ({ ok: ok ?? null }),
            (e: unknown) => ({ err: String((e as Error)?.message ?? e) }),
          ),
      });
      return injection?.result as Outcome;
    },
    { tabId, message },
  );
}

/** Sends `message` from an Onlooker page opened at `path` (e.g. "/privacy.html") in a new tab. */
export async function sendFromExtensionPage(session: Session, path: string, message: unknown): Promise<Outcome> {
  const { page } = await session.openPage(`${session.extensionBase}${path}`);
  try {
    return await page.evaluate(
      (m: unknown) =>
        chrome.runtime.sendMessage(m).then(
          (ok: unknown) => ({ ok: ok ?? null }),
          (e: unknown) => ({ err: String((e as Error)?.message ?? e) }),
        ),
      message,
    );
  } finally {
    await page.close();
  }
}
