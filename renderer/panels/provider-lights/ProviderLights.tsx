import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PROVIDER_IDS, type ProviderHealth, type ProviderId } from '../../../protocol';
import { useLive, useStale } from '../../connection/useLive';
import type { ChartWindow } from '../../series/timeWindow';
import { ProviderDetail } from './ProviderDetail';
import { ProviderLight } from './ProviderLight';

const UNKNOWN = (id: ProviderId): ProviderHealth => ({
  id,
  light: 'off',
  successRate: null,
  p50Ms: null,
  p95Ms: null,
  requestsPerSec: 0,
  requests: 0,
  measured: false,
  timeouts: 0,
  errors: 0,
  inflight: 0,
  circuit: 'closed',
  windowSec: 0,
});

/** The six identity providers' traffic lights, in a fixed order; click one for its chart. */
export function ProviderLights({ window, showDetail = true }: { window: ChartWindow; showDetail?: boolean }) {
  const { t } = useTranslation();
  const providers = useLive((s) => s.snapshot?.providers ?? null);
  const stale = useStale();
  const [selected, setSelected] = useState<ProviderId | null>(null);
  return (
    <section className="panel lights-panel" data-testid="provider-lights">
      <header className="panel-header">
        <h2>{t('providers.title')}</h2>
      </header>
      <div className="lights-grid">
        {PROVIDER_IDS.map((id) => (
          <ProviderLight
            key={id}
            health={providers?.find((p) => p.id === id) ?? UNKNOWN(id)}
            selected={selected === id}
            stale={stale || !providers}
            onSelect={() => setSelected(selected === id ? null : id)}
          />
        ))}
      </div>
      {showDetail && selected && <ProviderDetail id={selected} window={window} onClose={() => setSelected(null)} />}
    </section>
  );
}
