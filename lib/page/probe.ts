import type { PageProbe } from '@/lib/messages';
import type { MixedContentItem } from '@/lib/report/types';

/** At most this many references are reported: enough to show the problem, bounded in cost. */
const LIMIT = 20;

/**
 * What the document itself reveals: the navigation's `nextHopProtocol` and, on HTTPS pages,
 * plain-HTTP references. Browsers upgrade passive mixed content (images, media) to HTTPS
 * before requesting it and block active content outright, so webRequest never sees these as
 * HTTP — only the page does. One selector query; nothing runs on plain-HTTP pages.
 */
export function probePage(doc: Document, perf: Pick<Performance, 'getEntriesByType'>): PageProbe {
  const nav = perf.getEntriesByType('navigation')[0] as { nextHopProtocol?: string } | undefined;
  const protocol = nav?.nextHopProtocol ?? '';
  const mixed: MixedContentItem[] = [];
  if (doc.location?.protocol === 'https:') {
    const nodes = doc.querySelectorAll(
      'img[src^="http:" i], audio[src^="http:" i], video[src^="http:" i], source[src^="http:" i], ' +
        'script[src^="http:" i], iframe[src^="http:" i], link[rel~="stylesheet" i][href^="http:" i], ' +
        'form[action^="http:" i]',
    );
    for (const node of Array.from(nodes).slice(0, LIMIT)) {
      const isForm = node.tagName === 'FORM';
      const url = node.getAttribute(isForm ? 'action' : node.tagName === 'LINK' ? 'href' : 'src') ?? '';
      const passive = /^(IMG|AUDIO|VIDEO|SOURCE)$/.test(node.tagName);
      mixed.push({ kind: isForm ? 'form' : passive ? 'upgraded' : 'subresource', url });
    }
  }
  return { protocol, mixed };
}
