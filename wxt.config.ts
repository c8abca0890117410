import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

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

/**
 * Vite wraps each import() in a small helper. Left to the bundler it lands in a shared chunk (the
 * polyfill's), which Firefox's background gate (lib/engines/firefox-gate.ts) would then evaluate
 * before it answers a waiting page; alone in its chunk it costs 2 KB. Only builds that split
 * chunks take the option (the one-file builds refuse it).
 */
const preloadHelperApart = {
  name: 'onlooker:preload-helper-apart',
  outputOptions(options: { codeSplitting?: unknown; inlineDynamicImports?: unknown }) {
    if (options.codeSplitting === false || options.inlineDynamicImports) return null;
    return { ...options, manualChunks: (id: string) => (id.includes('vite/preload-helper') ? 'preload-helper' : undefined) };
  },
};

export default defineConfig({
  outDir: E2E ? '.output-e2e' : '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  // A build-time constant: the E2E-only instrumentation (lib/e2e-tap.ts) is dropped from normal builds.
  // The background's start differs per browser (lib/start/): an alias, so neither build carries the other's.
  vite: ({ browser }) => ({
    plugins: [preact(), preloadHelperApart],
    define: { 'import.meta.env.ONLOOKER_E2E': JSON.stringify(E2E) },
    // An extension's chunks are local files: preloading them gains nothing.
    build: { modulePreload: false },
    resolve: {
      alias: {
        'onlooker:background-start': fileURLToPath(
          new URL(`lib/start/${browser === 'firefox' ? 'firefox' : 'chromium'}.ts`, import.meta.url),
        ),
      },
    },
  }),
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
