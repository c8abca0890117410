/**
 * The verdict's icon. Decorative: the verdict's title says the same in words, so the icon is
 * hidden from assistive tech and never the only carrier of meaning.
 */
import type { VerdictKind } from '@/lib/report/types';

type Shape = 'lock' | 'open-lock' | 'warning' | 'blocked' | 'local' | 'question';

const SHAPES: Record<VerdictKind, Shape> = {
  secure: 'lock',
  weak: 'warning',
  mixed: 'warning',
  overridden: 'warning',
  'custom-root': 'warning',
  http: 'open-lock',
  broken: 'blocked',
  local: 'local',
  unknown: 'question',
  unexpected: 'warning',
};

function paths(shape: Shape) {
  switch (shape) {
    case 'lock':
      return (
        <>
          <rect x="5" y="11" width="14" height="10" rx="2" />
          <path d="M8 11V7a4 4 0 0 1 8 0v4" />
        </>
      );
    case 'open-lock':
      return (
        <>
          <rect x="5" y="11" width="14" height="10" rx="2" />
          <path d="M8 11V7a4 4 0 0 1 7.6-1.7" />
        </>
      );
    case 'warning':
      return (
        <>
          <path d="M12 3 2 20h20L12 3z" />
          <path d="M12 9v5M12 17v.5" />
        </>
      );
    case 'blocked':
      return (
        <>
          <circle cx="12" cy="12" r="9" />
          <path d="m8.5 8.5 7 7M15.5 8.5l-7 7" />
        </>
      );
    case 'local':
      return (
        <>
          <rect x="3" y="4" width="18" height="12" rx="1.5" />
          <path d="M8 20h8M12 16v4" />
        </>
      );
    case 'question':
      return (
        <>
          <circle cx="12" cy="12" r="9" />
          <path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .8-1 1.5v.7M12 17v.5" />
        </>
      );
  }
}

export function VerdictIcon({ kind }: { kind: VerdictKind }) {
  return (
    <svg
      class="verdict-icon"
      viewBox="0 0 24 24"
      width="32"
      height="32"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      {paths(SHAPES[kind])}
    </svg>
  );
}
