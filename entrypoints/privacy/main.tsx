import { render } from 'preact';
import { PrivacyHistoryApp } from '@/components/privacy/PrivacyHistoryApp';
import { t } from '@/lib/i18n/t';
import { directionOf } from '@/lib/i18n/locale';
import '@/components/theme.css';
import '@/components/privacy/privacy.css';

// The page speaks the language of its messages (English when _locales has no translation).
document.documentElement.lang = t('privacy_lang');
// Arabic or Hebrew messages lay the page out right to left; the CSS uses logical properties.
document.documentElement.dir = directionOf(t('privacy_lang'));
document.title = t('privacy_page_title');
render(<PrivacyHistoryApp />, document.getElementById('app')!);
