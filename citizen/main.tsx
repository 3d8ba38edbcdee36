import { render } from 'preact';
import { languageFrom } from './i18n/text';
import { App } from './shell/App';
import './styles/citizen.css';

render(<App initialLanguage={languageFrom(location.search)} />, document.getElementById('root')!);
