import { useState } from 'preact/hooks';
import type { VerifyReply } from '../../protocol/identity';
import { api, ApiError } from '../api/api';
import { useText } from '../i18n/text';
import { BACK_TO_QUEUE, errorText } from '../shell/errorText';
import { Problem } from '../shell/Problem';
import { ProviderLight } from './ProviderLight';
import { useProviders } from './useProviders';

export interface VerifyViewProps {
  accessToken: string;
  deviceId: string;
  onVerified(identityToken: string): void;
  onBackToQueue(): void;
}

/** The six providers with their lights, the advice to pick a green one, and the form. */
export function VerifyView({ accessToken, deviceId, onVerified, onBackToQueue }: VerifyViewProps) {
  const { t, language } = useText();
  const status = useProviders();
  const [chosen, setChosen] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ text: string; rejoin: boolean } | null>(null);

  const providers = status?.providers ?? [];
  const nameOf = (id: string) => providers.find((p) => p.id === id)?.label[language] ?? id;
  const green = providers.filter((p) => p.light === 'green');
  const picked = providers.find((p) => p.id === chosen);

  async function submit(event: Event) {
    event.preventDefault();
    if (!chosen) {
      setProblem({ text: t('verify.pick'), rejoin: false });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const body = { provider: chosen, name: name.trim(), birthDate, deviceId, ...(phone.trim() ? { phone: phone.trim() } : {}) };
      const reply = await api<VerifyReply>('/identity/verify', { method: 'POST', token: accessToken, body });
      onVerified(reply.identityToken);
    } catch (err) {
      setProblem({
        text: errorText(err, { t, language, providerName: nameOf, provider: chosen }),
        rejoin: err instanceof ApiError && BACK_TO_QUEUE.has(err.code),
      });
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate={false}>
      <h2>{t('verify.heading')}</h2>
      <p>{t('verify.intro')}</p>
      <fieldset class="providers" data-testid="providers">
        <legend>{t('verify.providers')}</legend>
        {providers.map((p) => (
          <label
            key={p.id}
            class={`provider provider-${p.light}${chosen === p.id ? ' provider-chosen' : ''}`}
            data-testid={`provider-${p.id}`}
            data-light={p.light}
          >
            <input type="radio" name="provider" value={p.id} checked={chosen === p.id} onChange={() => setChosen(p.id)} disabled={p.light === 'off'} />
            <span class="provider-name">{p.label[language]}</span>
            <ProviderLight light={p.light} />
          </label>
        ))}
      </fieldset>
      {status && (
        <p class="advice" data-testid="advice">
          {green.length > 0 ? t('verify.advice', { names: green.map((p) => p.label[language]).join(', ') }) : t('verify.noneGreen')}
        </p>
      )}
      {picked && (picked.light === 'red' || picked.light === 'yellow') && (
        <p class="steer" role="status" data-testid="steer">
          <span aria-hidden="true">↪ </span>
          {t('verify.redPicked', { provider: picked.label[language] })}
        </p>
      )}
      <div class="field">
        <label for="name">{t('verify.name')}</label>
        <input
          id="name"
          name="name"
          autocomplete="name"
          required
          maxLength={64}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          data-testid="verify-name"
        />
      </div>
      <div class="field">
        <label for="birthDate">{t('verify.birthDate')}</label>
        <input
          id="birthDate"
          name="birthDate"
          type="date"
          autocomplete="bday"
          required
          value={birthDate}
          onInput={(e) => setBirthDate(e.currentTarget.value)}
          data-testid="verify-birthdate"
        />
      </div>
      <div class="field">
        <label for="phone">{t('verify.phone')}</label>
        <input
          id="phone"
          name="phone"
          type="tel"
          autocomplete="tel"
          inputMode="tel"
          value={phone}
          onInput={(e) => setPhone(e.currentTarget.value)}
          data-testid="verify-phone"
        />
      </div>
      <Problem text={problem?.text ?? null} testId="verify-problem" />
      {problem?.rejoin && (
        <button type="button" class="secondary" onClick={onBackToQueue} data-testid="rejoin">
          {t('waiting.rejoin')}
        </button>
      )}
      <button type="submit" class="primary" disabled={busy} data-testid="verify-submit">
        {busy ? t('verify.working') : picked ? t('verify.submit', { provider: picked.label[language] }) : t('verify.heading')}
      </button>
      <p class="hint">{t('verify.sessionLeft')}</p>
    </form>
  );
}
