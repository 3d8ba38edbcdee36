import { useEffect, useState } from 'preact/hooks';
import type { EventReply } from '../../protocol/booking';
import type { JoinReply } from '../../protocol/queue';
import { api } from '../api/api';
import { kstTime, useText } from '../i18n/text';
import { useFeed } from '../notices/useFeed';
import { errorText } from '../shell/errorText';
import { Problem } from '../shell/Problem';
import { RefreshWarning } from '../shell/RefreshWarning';

const digitsText = (digits: number[], language: string) => digits.join(language === 'en' ? ' or ' : ', ');

/** The front door: who may book tonight, and the join button (or why the queue is shut, and what to do). */
export function GateView({ clientId, onJoined }: { clientId: string; onJoined(reply: JoinReply): void }) {
  const { t, language } = useText();
  const { snapshot } = useFeed();
  const [event, setEvent] = useState<EventReply | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);
  const gate = snapshot.state?.gate ?? 'open';

  useEffect(() => {
    api<EventReply>('/event').then(setEvent, (err: unknown) => setProblem(errorText(err, { t, language })));
  }, [t, language]);

  async function join() {
    setJoining(true);
    setProblem(null);
    try {
      onJoined(await api<JoinReply>('/queue/join', { method: 'POST', body: { clientId } }));
    } catch (err) {
      setProblem(errorText(err, { t, language }));
      setJoining(false);
    }
  }

  return (
    <>
      <h2>{t('gate.heading')}</h2>
      {!event && !problem && <p>{t('gate.loading')}</p>}
      {event && <EventRules event={event} />}
      {gate === 'paused' && (
        <p class="status status-paused" role="status" data-testid="gate-paused">
          <span aria-hidden="true">‖ </span>
          {t('gate.paused')}
        </p>
      )}
      {gate === 'closed' && (
        <p class="status status-closed" role="status" data-testid="gate-closed">
          <span aria-hidden="true">■ </span>
          {event?.next ? t('gate.closedNext', { start: kstTime(event.next.start, language) }) : t('gate.closed')}
        </p>
      )}
      <Problem text={problem} />
      <button type="button" class="primary" onClick={join} disabled={joining || gate === 'closed'} data-testid="join">
        {joining ? t('gate.joining') : t('gate.join')}
      </button>
      <RefreshWarning />
    </>
  );
}

function EventRules({ event }: { event: EventReply }) {
  const { t, language } = useText();
  const { window: open, eligible, next } = event;
  return (
    <div class="rules" data-testid="event-rules">
      {/* The calendar's name is in English only. */}
      {language === 'en' && <p class="event-name">{event.name}</p>}
      {open && eligible ? (
        <ul class="rule-list">
          {eligible.birthDayDigits.length > 0 && (
            <li data-testid="rule-cohort">
              <strong>{t('gate.cohort', { digits: digitsText(eligible.birthDayDigits, language) })}</strong>
            </li>
          )}
          <li data-testid="rule-age">{t('gate.ageBand', { from: eligible.birthDateFrom, to: eligible.birthDateTo })}</li>
          <li data-testid="rule-window">{t('gate.window', { start: kstTime(open.start, language), end: kstTime(open.end, language) })}</li>
        </ul>
      ) : (
        <p>{t('gate.noneNow')}</p>
      )}
      {next && (
        <p class="next-window" data-testid="rule-next">
          {next.birthDayDigits.length > 0
            ? t('gate.next', { start: kstTime(next.start, language), digits: digitsText(next.birthDayDigits, language) })
            : t('gate.nextLabel', { start: kstTime(next.start, language), label: next.label ?? '' })}
        </p>
      )}
    </div>
  );
}
