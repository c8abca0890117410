interface ImportMetaEnv {
  /** True in E2E builds only (ONLOOKER_E2E=1, wxt.config.ts): test instrumentation such as lib/e2e-tap.ts. */
  readonly ONLOOKER_E2E: boolean;
}

/** The background's start, chosen per browser at build time: wxt.config.ts aliases lib/start/<engine>.ts. */
declare module 'onlooker:background-start' {
  export const start: () => void;
}
