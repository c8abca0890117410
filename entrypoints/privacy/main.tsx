import { render } from 'preact';
import { PrivacyHistoryApp } from '@/components/privacy/PrivacyHistoryApp';
import '@/components/theme.css';

render(<PrivacyHistoryApp />, document.getElementById('app')!);
