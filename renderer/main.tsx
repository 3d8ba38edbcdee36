import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createI18n, languageFromUrl } from './i18n/i18n';
import { App } from './shell/App';
import '@fontsource-variable/noto-sans-kr';
import './styles/console.css';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
const i18n = createI18n(languageFromUrl(window.location.search));
i18n.on('languageChanged', (lng) => (document.documentElement.lang = lng));
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
