// @ts-check
/**
 * Lint rules that used to live only in comments (issue 11, item 5). `npm run lint` and the lint
 * step of `npm test` run it. The rules that matter most here are the import zones: they keep the
 * report and state code runnable in unit tests and benches without a browser, and keep the
 * components free of extension APIs so they render from plain props.
 *
 * Not type-aware on purpose (no `parserOptions.project`): `tsc` already checks types, and a typed
 * lint of the whole tree costs minutes on the 2-core machines this runs on.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The extension API, however it is reached. */
const browserApiImports = [
  {
    name: 'wxt/browser',
    message:
      'The browser API belongs to the adapters (lib/engines, lib/background-wiring.ts): pass the data or a small interface in instead.',
  },
  {
    name: 'webextension-polyfill',
    message:
      'The browser API belongs to the adapters (lib/engines, lib/background-wiring.ts): pass the data or a small interface in instead.',
  },
  {
    name: '@wxt-dev/webextension-polyfill',
    message:
      'The browser API belongs to the adapters (lib/engines, lib/background-wiring.ts): pass the data or a small interface in instead.',
  },
];
const browserApiGlobals = [
  { name: 'browser', message: 'The browser API belongs to the adapters: pass the data or a small interface in instead.' },
  { name: 'chrome', message: 'The browser API belongs to the adapters: pass the data or a small interface in instead.' },
];
/** Preact: views and hooks belong in components/, so lib/ stays plain functions of data. */
const preactPatterns = {
  group: ['preact', 'preact/*', '@preact/*'],
  message: 'lib/ is free of Preact: put the component or hook in components/ and keep its logic here.',
};

/** `components/` however it is spelled: alias or relative path. */
const componentsPatterns = {
  group: ['@/components', '@/components/**', '~/components/**', '**/components/**'],
  message: 'lib/ never imports components/: move the type or helper into lib/ and import it from both sides.',
};

export default tseslint.config(
  {
    ignores: ['.output/**', '.output-e2e/**', '.wxt/**', '.tmp/**', 'node_modules/**', 'coverage/**', 'public/**', 'docs/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // `_`-prefixed names are deliberately unused (destructuring to omit a field, fixed signatures).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // TypeScript itself reports undefined names, and knows the DOM/Node/WebExtension globals.
      'no-undef': 'off',
    },
  },
  {
    // Product code renders only text: markup from a page, a certificate or a backup must never
    // become DOM. Tests may still build DOM fixtures with innerHTML.
    files: ['lib/**', 'components/**', 'entrypoints/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Render text (Preact text nodes, textContent), never HTML.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Render text (Preact text nodes, textContent), never HTML.',
        },
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text (Preact text nodes), never HTML.' },
        {
          selector: "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]",
          message: 'Render text, never HTML.',
        },
        // The compiler accepts `cert_level_${level}` when every combination exists, but such a
        // key cannot be searched for, and a renamed value silently needs a renamed message.
        {
          selector: "CallExpression[callee.name=/^(t|msg|reason)$/][arguments.0.type='TemplateLiteral']",
          message: 'Name message keys in full (a Record<Kind, MessageKey> table), never build them from a template.',
        },
      ],
    },
  },
  {
    // Report and state logic is pure: unit tests and benches run it without a browser.
    files: ['lib/report/**', 'lib/state/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: browserApiImports, patterns: [componentsPatterns, preactPatterns] }],
      'no-restricted-globals': ['error', ...browserApiGlobals],
    },
  },
  {
    files: ['lib/**'],
    ignores: ['lib/report/**', 'lib/state/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [componentsPatterns, preactPatterns] }],
    },
  },
  {
    // Components render from props; the entrypoints and lib/ hand them what the browser said.
    files: ['components/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: browserApiImports }],
      'no-restricted-globals': ['error', ...browserApiGlobals],
    },
  },
  {
    // Plain JS scripts run by Node (tests/run.mjs, fixtures, scripts/): Node globals.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
);
