import type { ComponentChildren } from 'preact';
import { useText } from '../i18n/text';
import type { Stage } from '../journey/journey';
import { NoticeBoard } from '../notices/NoticeBoard';
import { useFeed } from '../notices/useFeed';

const STEPS: Stage[] = ['gate', 'waiting', 'verify', 'booking', 'done'];

/** The frame of every page: title, language switch, the notices, the steps, then the page. */
export function Shell({ stage, onLanguage, children }: { stage: Stage; onLanguage(): void; children: ComponentChildren }) {
  const { t, language } = useText();
  const { snapshot } = useFeed();
  const current = STEPS.indexOf(stage);
  return (
    <>
      <a class="skip" href="#main">
        {t('site.skip')}
      </a>
      <header class="top">
        <h1 class="site-title">{t('site.title')}</h1>
        <button type="button" class="lang" onClick={onLanguage} lang={language === 'ko' ? 'en' : 'ko'} data-testid="lang-switch">
          {t('lang.switch')}
        </button>
      </header>
      <NoticeBoard notices={snapshot.state?.notices ?? []} />
      <nav aria-label={t('steps.label')}>
        <ol class="steps">
          {STEPS.map((step, index) => (
            <li
              key={step}
              class={index < current ? 'step step-past' : index === current ? 'step step-now' : 'step'}
              aria-current={index === current ? 'step' : undefined}
            >
              <span class="step-mark" aria-hidden="true">
                {index < current ? '✓' : index + 1}
              </span>
              <span class="step-name">{t(`steps.${step}`)}</span>
            </li>
          ))}
        </ol>
      </nav>
      <main id="main" class="page" data-testid={`page-${stage}`}>
        {children}
      </main>
    </>
  );
}
