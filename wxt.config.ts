import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/**
 * One source, three targets. Browser differences in the manifest live here and only here:
 * Firefox gets TLS details through a blocking webRequest listener, Chromium only through
 * chrome.debugger, which is optional and asked for when the user clicks "Inspect".
 * `notifications` is optional everywhere: asked for when the user turns desktop alerts on.
 * E2E builds (ONLOOKER_E2E=1) grant `debugger` up front so tests need no permission prompt, and
 * on Chromium `notifications` too (headless Chromium cannot answer a permission prompt; Firefox
 * tests grant it through the pref extensions.webextOptionalPermissionPrompts instead); they go to .output-e2e so a normal build can never be mistaken for one (or the reverse).
 */
const E2E = process.env.ONLOOKER_E2E === '1';

export default defineConfig({
  outDir: E2E ? '.output-e2e' : '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  // A build-time constant: the E2E-only instrumentation (lib/e2e-tap.ts) is dropped from normal builds.
  vite: () => ({ plugins: [preact()], define: { 'import.meta.env.ONLOOKER_E2E': JSON.stringify(E2E) } }),
  manifest: ({ browser }) => {
    const firefox = browser === 'firefox';
    const e2e = E2E;
    return {
      name: '__MSG_extName__',
      description: '__MSG_extDescription__',
      default_locale: 'en',
      action: { default_title: '__MSG_extName__' },
      host_permissions: ['<all_urls>'],
      permissions: [
        'storage',
        'tabs',
        'webRequest',
        'webNavigation',
        'unlimitedStorage',
        'alarms',
        'contextMenus',
        // The page probe is injected after load, where needed (lib/page/inject.ts), not declared.
        'scripting',
        ...(firefox ? ['webRequestBlocking'] : []),
        ...(!firefox && e2e ? ['debugger', 'notifications'] : []),
      ],
      ...(firefox ? { optional_permissions: ['notifications'] } : !e2e ? { optional_permissions: ['debugger', 'notifications'] } : {}),
      incognito: firefox ? 'spanning' : 'split',
      ...(firefox
        ? {
            browser_specific_settings: {
              gecko: {
                id: 'onlooker@onlooker.test',
                strict_min_version: '140.0',
                data_collection_permissions: { required: ['none'] },
              },
              // Android reads data_collection_permissions from 142 on.
              gecko_android: { strict_min_version: '142.0' },
            },
          }
        : {}),
    };
  },
});
