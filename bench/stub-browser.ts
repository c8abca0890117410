// Stands in for `wxt/browser` when pure modules run in Node for benchmarks: the few calls they
// make resolve at once, so what is measured is Onlooker's own work.
const noop = async () => undefined;
export const browser = {
  i18n: { getMessage: (key: string) => key },
  action: { setBadgeText: noop, setBadgeBackgroundColor: noop, setTitle: noop, setBadgeTextColor: noop },
  runtime: { sendMessage: noop, onMessage: { addListener: noop } },
};
