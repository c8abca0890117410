import { probePage } from '@/lib/page/probe';
import { send } from '@/lib/messages';

// Runs once per top document when the page is idle: reads what only the page knows (its
// negotiated HTTP version and plain-HTTP references on an HTTPS page) and reports it.
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main() {
    send('page-probe', probePage(document, performance)).catch(() => undefined);
  },
});
