import { useState } from 'react';
import { may } from '../../protocol';
import { useSession } from '../connection/session';
import { useLive } from '../connection/useLive';
import { useAlertNotifications } from '../notifications/useAlertNotifications';
import type { ChartWindow } from '../series/timeWindow';
import { AlertsList } from '../panels/alerts/AlertsList';
import { ChartsPanel } from '../panels/charts/ChartsPanel';
import { ClusterStrip } from '../panels/cluster/ClusterStrip';
import { ControlsPanel } from '../panels/controls/ControlsPanel';
import { HeadlineTiles } from '../panels/headline/HeadlineTiles';
import { IncidentTimeline } from '../panels/incident/IncidentTimeline';
import { NoticesPanel } from '../panels/notices/NoticesPanel';
import { ProviderLights } from '../panels/provider-lights/ProviderLights';
import { DrillPanel } from '../panels/drills/DrillPanel';
import { ReportsPanel } from '../panels/drills/ReportsPanel';
import { DrillBanner } from '../panels/status-bar/DrillBanner';
import { Header } from './Header';

export interface DashboardProps {
  wall: boolean;
  onToggleWall(): void;
  onLogout(): void;
}

/** The situation room: the night at a glance on top, the levers and the record below. */
export function Dashboard({ wall, onToggleWall, onLogout }: DashboardProps) {
  const [window, setWindow] = useState<ChartWindow>('15m');
  const drilling = useLive((s) => s.snapshot?.drill.running ?? false);
  const { session } = useSession();
  const plansDrills = may(session.role, 'drill:run', { drillRunning: drilling });
  useAlertNotifications();
  return (
    <div className={`dashboard${wall ? ' wall' : ''}${drilling ? ' drilling' : ''}`} data-testid="dashboard" data-wall={wall}>
      <DrillBanner progress />
      <Header wall={wall} onToggleWall={onToggleWall} onLogout={onLogout} />
      <HeadlineTiles />
      <div className="main-grid">
        <ChartsPanel window={window} onWindowChange={setWindow} />
        <ProviderLights window={window} />
      </div>
      {wall ? (
        <div className="wall-grid">
          <AlertsList interactive={false} />
        </div>
      ) : (
        <div className="work-grid">
          <div className="panel-stack">
            <ControlsPanel />
            <NoticesPanel />
          </div>
          <AlertsList />
          <IncidentTimeline />
        </div>
      )}
      {!wall && (
        <div className={`drill-grid${plansDrills ? '' : ' reports-only'}`}>
          {plansDrills && <DrillPanel />}
          <ReportsPanel />
        </div>
      )}
      <ClusterStrip />
      <DrillBanner />
    </div>
  );
}
