import { useEffect, useRef, useState } from 'preact/hooks';
import type { Eta, StatusReply } from '../../protocol/queue';
import { estimateFromState } from '../../protocol/queue-estimate';
import { api, ApiError } from '../api/api';
import { useText } from '../i18n/text';
import { NOTICE_PACE_MS } from '../notices/stateFeed';
import { useFeed } from '../notices/useFeed';
import { errorText } from '../shell/errorText';
import { Problem } from '../shell/Problem';
import { RefreshWarning } from '../shell/RefreshWarning';
import { etaText } from './etaText';
import { useHeartbeat } from './useHeartbeat';
import { useNow } from './useNow';
import { useStatusFallback } from './useStatusFallback';

export interface WaitingViewProps {
  ticket: string;
  number: number;
  /** How far back this ticket was when it joined: the progress bar's 0 %. */
  startPosition: number;
  onAdmitted(accessToken: string): void;
  onRejoin(): void;
}

/** Claims the turn when it comes: one `GET /queue/status`, again a second later while the node has not seen the head move yet. */
const CLAIM_RETRY_MS = 1000;
/** The ETA counts down between state fetches at this pace (no request: the page's own clock). */
const COUNTDOWN_MS = 1000;

/**
 * Position, ETA range and progress, computed here from the public queue state (cacheable, the
 * same for everyone) and this ticket's number; the page fetches the state slower the farther
 * back it is, not at all while hidden, and asks the origin only to claim its turn.
 */
export function WaitingView({ ticket, number, startPosition, onAdmitted, onRejoin }: WaitingViewProps) {
  const { t, language } = useText();
  const { feed, snapshot } = useFeed();
  const [claiming, setClaiming] = useState(false);
  const [expired, setExpired] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const fallback = useStatusFallback(snapshot.missing ? ticket : null);
  const claimTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const now = useNow(COUNTDOWN_MS);
  const state = snapshot.state;
  const estimate = state ? estimateFromState(state, number, { now, offsetMs: snapshot.offsetMs }) : null;
  useHeartbeat(ticket, Boolean(estimate?.heartbeat && !estimate.turn), state?.heartbeat?.intervalSec ?? null);

  // The next fetch's delay is drawn once per state received (its jitter spreads a crowd that joined together).
  const offsetMs = snapshot.offsetMs;
  useEffect(() => {
    if (!state) return;
    const next = estimateFromState(state, number, { now: Date.now(), offsetMs });
    // Capped so a notice from the situation room reaches even the back of the queue within a few
    // seconds: the state is cacheable, so this costs the edge, not the origin.
    if (!next.turn) feed.setPace(Math.min(next.nextStateAfterMs, NOTICE_PACE_MS));
  }, [feed, state, number, offsetMs]);

  const turn = Boolean(estimate?.turn) || fallback.reply?.state === 'admitted' || fallback.reply?.state === 'expired';
  useEffect(() => {
    if (!turn || expired) return;
    let stopped = false;
    const claim = async () => {
      setClaiming(true);
      try {
        const reply = await api<StatusReply>('/queue/status', { token: ticket });
        if (stopped) return;
        if (reply.state === 'admitted') return onAdmitted(reply.accessToken);
        if (reply.state === 'expired') return setExpired(reply.message);
        claimTimer.current = setTimeout(() => void claim(), CLAIM_RETRY_MS);
      } catch (err) {
        if (stopped) return;
        if (err instanceof ApiError && (err.code === 'invalid_ticket' || err.code === 'ticket_expired')) return setExpired(err.message);
        setProblem(errorText(err, { t, language }));
        claimTimer.current = setTimeout(() => void claim(), CLAIM_RETRY_MS * 3);
      }
    };
    void claim();
    return () => {
      stopped = true;
      clearTimeout(claimTimer.current);
    };
  }, [turn, expired, ticket, onAdmitted, t, language]);

  if (expired !== null) {
    return (
      <>
        <h2>{t('waiting.heading')}</h2>
        <p class="problem" role="alert" data-testid="expired">
          <span aria-hidden="true">⚠ </span>
          {t('waiting.expired', { sec: state?.claimWindowSec ?? 60 })}
        </p>
        <button type="button" class="primary" onClick={onRejoin} data-testid="rejoin">
          {t('waiting.rejoin')}
        </button>
      </>
    );
  }

  const waitingReply = fallback.reply?.state === 'waiting' ? fallback.reply : null;
  const position = estimate?.position ?? waitingReply?.position ?? startPosition;
  const eta: Eta = estimate?.eta ?? waitingReply?.eta ?? null;
  const gate = state?.gate ?? waitingReply?.gate ?? 'open';
  const progress = startPosition > 0 ? Math.min(100, Math.max(0, Math.round(((startPosition - position) / startPosition) * 100))) : 100;

  return (
    <>
      <h2>{t('waiting.heading')}</h2>
      <p class="ticket-number" data-testid="ticket-number">
        {t('waiting.ticket', { number: number.toLocaleString() })}
      </p>
      <dl class="queue-figures" data-testid="queue-figures" data-gate={gate}>
        <div>
          <dt>{t('waiting.position')}</dt>
          <dd class="figure" data-testid="position" aria-live="off">
            {t('waiting.people', { n: position.toLocaleString() })}
          </dd>
        </div>
        <div>
          <dt>{t('waiting.eta')}</dt>
          <dd class="figure" data-testid="eta">
            {gate === 'open' ? etaText(eta, t) : t('eta.paused')}
          </dd>
        </div>
      </dl>
      <label class="progress-label" for="queue-progress">
        {t('waiting.progress')}: {t('waiting.progressLabel', { pct: progress })}
      </label>
      <progress id="queue-progress" class={`progress progress-${gate}`} max={100} value={progress} data-testid="progress" data-value={progress} />
      {gate === 'paused' && (
        <p class="status status-paused" role="status" data-testid="waiting-paused">
          <span aria-hidden="true">‖ </span>
          {t('waiting.paused')}
        </p>
      )}
      {gate === 'closed' && (
        <p class="status status-closed" role="status" data-testid="waiting-closed">
          <span aria-hidden="true">■ </span>
          {t('waiting.closed')}
        </p>
      )}
      {claiming && (
        <p class="status status-turn" role="status" data-testid="claiming">
          {t('waiting.claiming')}
        </p>
      )}
      {snapshot.failing && <p class="status">{t('waiting.stale')}</p>}
      <Problem text={problem} />
      <RefreshWarning />
      <p class="hint">{t('waiting.hiddenNote')}</p>
    </>
  );
}
