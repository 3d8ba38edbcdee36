import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { JoinReply } from '../../protocol/queue';
import { BookingView } from '../booking/BookingView';
import { Confirmation } from '../booking/Confirmation';
import { GateView } from '../gate/GateView';
import { Text, translator, type Language } from '../i18n/text';
import { freshJourney, JOURNEY_KEY, loadJourney, saveJourney, type Journey } from '../journey/journey';
import { StateFeed } from '../notices/stateFeed';
import { Feed } from '../notices/useFeed';
import { VerifyView } from '../verify/VerifyView';
import { WaitingView } from '../waiting/WaitingView';
import { Shell } from './Shell';

/** The citizen's path as one page: gate → waiting → verify → booking → done, kept in this browser's storage. */
export function App({ initialLanguage }: { initialLanguage: Language }) {
  const [language, setLanguage] = useState(initialLanguage);
  const [journey, setJourney] = useState<Journey>(() => loadJourney());
  const feed = useMemo(() => new StateFeed(), []);
  const text = useMemo(() => ({ language, t: translator(language) }), [language]);

  const update = useCallback((change: Partial<Journey>) => {
    setJourney((current) => {
      const next = { ...current, ...change };
      saveJourney(next);
      return next;
    });
  }, []);
  const restart = useCallback(() => {
    setJourney((current) => {
      const next = freshJourney(current);
      saveJourney(next);
      return next;
    });
  }, []);

  // A second tab of the same browser follows the same journey.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === JOURNEY_KEY) setJourney(loadJourney());
    };
    addEventListener('storage', onStorage);
    return () => removeEventListener('storage', onStorage);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = text.t('site.title');
  }, [language, text]);

  function switchLanguage() {
    const next = language === 'ko' ? 'en' : 'ko';
    const url = new URL(location.href);
    if (next === 'en') url.searchParams.set('lang', 'en');
    else url.searchParams.delete('lang');
    history.replaceState(null, '', url);
    setLanguage(next);
  }

  const onJoined = (reply: JoinReply) =>
    update({
      stage: 'waiting',
      ticket: reply.ticket,
      number: reply.number,
      startPosition: Math.max(reply.position, 1),
      accessToken: null,
      identityToken: null,
    });
  const onAdmitted = useCallback((accessToken: string) => update({ stage: 'verify', accessToken }), [update]);
  const rejoin = () => update({ stage: 'gate', ticket: null, number: null, accessToken: null, identityToken: null, booking: null });

  let page;
  let { stage } = journey;
  if (stage === 'waiting' && journey.ticket && journey.number !== null) {
    page = <WaitingView ticket={journey.ticket} number={journey.number} startPosition={journey.startPosition} onAdmitted={onAdmitted} onRejoin={rejoin} />;
  } else if (stage === 'verify' && journey.accessToken) {
    page = (
      <VerifyView
        accessToken={journey.accessToken}
        deviceId={journey.deviceId}
        onVerified={(identityToken) => update({ stage: 'booking', identityToken })}
        onBackToQueue={rejoin}
      />
    );
  } else if (stage === 'booking' && journey.identityToken) {
    page = (
      <BookingView
        identityToken={journey.identityToken}
        attempt={journey.booking}
        onAttempt={(booking) => update({ booking })}
        onBooked={(reservation) => update({ stage: 'done', reservation, cancelled: false })}
        onBackToQueue={rejoin}
      />
    );
  } else if (stage === 'done') {
    page = (
      <Confirmation
        reservation={journey.reservation}
        identityToken={journey.identityToken}
        cancelled={journey.cancelled}
        onCancelled={() => update({ cancelled: true })}
        onStartAgain={restart}
      />
    );
  } else {
    // Also where a journey whose token went missing ends up: back to the front door, same client id.
    stage = 'gate';
    page = <GateView clientId={journey.clientId} onJoined={onJoined} />;
  }

  return (
    <Text.Provider value={text}>
      <Feed.Provider value={feed}>
        <Shell stage={stage} onLanguage={switchLanguage}>
          {page}
        </Shell>
      </Feed.Provider>
    </Text.Provider>
  );
}
