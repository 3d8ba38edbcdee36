import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../format/format';
import { useSession } from '../connection/session';
import { ConnectionIndicator } from '../panels/status-bar/ConnectionIndicator';
import { GatePill } from '../panels/status-bar/GatePill';
import { ModeTag } from '../panels/status-bar/ModeTag';

export interface HeaderProps {
  wall: boolean;
  onToggleWall(): void;
  onLogout(): void;
}

function SeoulClock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <time className="seoul-clock">{formatClock(now)} KST</time>;
}

export function Header({ wall, onToggleWall, onLogout }: HeaderProps) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  return (
    <header className="app-header">
      <h1>{t('app.title')}</h1>
      <ModeTag />
      <GatePill />
      <ConnectionIndicator />
      <span className="spacer" />
      <SeoulClock />
      <span className="who" data-testid="role" data-role={session.role}>
        {session.username} · {t('role.label', { role: t(`role.${session.role}`) })}
      </span>
      <button type="button" onClick={() => void i18n.changeLanguage(i18n.language === 'en' ? 'ko' : 'en')} data-testid="toggle-language">
        {t('app.language')}
      </button>
      <button type="button" onClick={onToggleWall} data-testid="toggle-wall">
        {wall ? t('app.leaveWall') : t('app.wall')}
      </button>
      {!wall && (
        <button type="button" onClick={onLogout}>
          {t('app.logout')}
        </button>
      )}
    </header>
  );
}
