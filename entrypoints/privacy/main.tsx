import { render } from 'preact';
import { PrivacyHistoryApp } from '@/components/privacy/PrivacyHistoryApp';
import { t } from '@/lib/i18n/t';
import '@/components/theme.css';
import '@/components/privacy/privacy.css';

// The page speaks the language of its messages (English when _locales has no translation).
document.documentElement.lang = t('privacy_lang');
document.title = t('privacy_page_title');
render(<PrivacyHistoryApp />, document.getElementById('app')!);
