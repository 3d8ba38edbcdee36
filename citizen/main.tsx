import { render } from 'preact';
import { languageFrom } from './i18n/text';
import { App } from './shell/App';
// The Korean webfont is the last resort of the font stack: phones with Korean system fonts never download it.
import '@fontsource-variable/noto-sans-kr';
import './styles/citizen.css';

render(<App initialLanguage={languageFrom(location.search)} />, document.getElementById('root')!);
