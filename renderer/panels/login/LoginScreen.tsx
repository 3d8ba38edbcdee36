import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LoginError, logIn, type Session } from '../../connection/session';

export interface LoginScreenProps {
  defaultServerUrl: string;
  onLoggedIn(session: Session): void;
  /** Why the last session ended (refused token, expiry), if it did. */
  notice?: string | null;
}

export function LoginScreen({ defaultServerUrl, onLoggedIn, notice }: LoginScreenProps) {
  const { t } = useTranslation();
  const [serverUrl, setServerUrl] = useState(defaultServerUrl);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await logIn(serverUrl, username.trim(), password));
    } catch (err) {
      setError(
        err instanceof LoginError
          ? t('login.failed', { message: err.message || err.code })
          : t('login.unreachable', { message: err instanceof Error ? err.message : String(err) }),
      );
      setBusy(false);
    }
  }

  return (
    <main className="login-screen">
      <form className="login-form" onSubmit={(e) => void submit(e)} data-testid="login-form">
        <h1>{t('app.title')}</h1>
        <h2>{t('login.title')}</h2>
        {notice && <p className="notice">{notice}</p>}
        <label>
          {t('login.server')}
          <input type="url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} required data-testid="login-server" />
        </label>
        <label>
          {t('login.username')}
          <input autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus data-testid="login-username" />
        </label>
        <label>
          {t('login.password')}
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            data-testid="login-password"
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy} data-testid="login-submit">
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
