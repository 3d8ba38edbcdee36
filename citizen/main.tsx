import { render } from 'preact';
import { languageFrom } from './i18n/text';
import { App } from './shell/App';
// The Korean webfont is the font stack's last resort: a device with a named Korean system font never downloads it.
import '@fontsource-variable/noto-sans-kr';
import './styles/citizen.css';

render(<App initialLanguage={languageFrom(location.search)} />, document.getElementById('root')!);
