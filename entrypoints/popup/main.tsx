// First import: sends the requests before the rest of the modules below are evaluated.
import { loading } from './load';
import { render } from 'preact';
import { PopupApp } from '@/components/popup/Popup';
import { t } from '@/lib/i18n/t';
import { directionOf } from '@/lib/i18n/locale';
import '@/components/theme.css';
import '@/components/cert/cert.css';
import '@/components/popup/popup.css';

// The page speaks the language of the messages it shows, not the browser's (they differ when
// _locales falls back to English).
document.documentElement.lang = t('popup_lang');
// Arabic or Hebrew messages lay the page out right to left; the CSS uses logical properties.
document.documentElement.dir = directionOf(t('popup_lang'));
performance.mark('onlooker-main'); // every module evaluated: for bench/popup.bench.ts
render(<PopupApp loading={loading} />, document.getElementById('app')!);
