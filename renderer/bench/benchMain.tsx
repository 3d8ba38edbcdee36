import type { ProfilerOnRenderCallback } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { LiveStore } from '../connection/liveStore';
import { SessionContext, type ConsoleCommands } from '../connection/session';
import { LiveStoreContext } from '../connection/useLive';
import { createI18n } from '../i18n/i18n';
import { ChartProfileContext } from '../panels/charts/chartProfile';
import { Dashboard } from '../shell/Dashboard';
import { benchSnapshot } from './benchSnapshots';
import '@fontsource-variable/noto-sans-kr';
import '../styles/console.css';

/**
 * The render benchmark's page (built only in `--mode bench`): the whole dashboard over the same
 * LiveStore the socket feeds, driven from bench/console-render.ts through window.sluiceBench.
 */
const store = new LiveStore();
const START = Date.UTC(2021, 7, 9, 11, 0, 0);
let index = 0;
const chartTimes: Record<string, number[]> = {};
const onRender: ProfilerOnRenderCallback = (id, _phase, actualDuration) => {
  (chartTimes[id] ??= []).push(actualDuration);
};
const offline = async () => ({ ok: false as const, error: 'offline' as const, message: 'benchmark page' });
const commands: ConsoleCommands = {
  updateControls: offline,
  ackAlert: offline,
  addNote: offline,
  postNotice: offline,
  clearNotice: offline,
  startDrill: offline,
  stopDrill: offline,
  historyRange: () => Promise.resolve(null),
};
const session = { serverUrl: '', username: 'bench', token: '', role: 'commander' as const, expiresAt: 0 };

function push(): void {
  store.receiveSnapshot(benchSnapshot(START + index * 1000, index));
  index++;
}

declare global {
  interface Window {
    sluiceBench: {
      /** Pushes `seconds` snapshots at once (history), then lets React settle. */
      fill(seconds: number): Promise<void>;
      /** One 1 Hz update; resolves after the next painted frame, with the time that took. */
      update(): Promise<number>;
      takeChartTimes(): Record<string, number[]>;
    };
  }
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

window.sluiceBench = {
  async fill(seconds) {
    for (let i = 0; i < seconds; i++) push();
    await nextFrame();
  },
  async update() {
    const t0 = performance.now();
    push();
    await nextFrame();
    return performance.now() - t0;
  },
  takeChartTimes() {
    const out = { ...chartTimes };
    for (const key of Object.keys(chartTimes)) delete chartTimes[key];
    return out;
  },
};

store.setLink('connected');
const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <I18nextProvider i18n={createI18n('ko')}>
    <LiveStoreContext.Provider value={store}>
      <SessionContext.Provider value={{ session, commands }}>
        <ChartProfileContext.Provider value={onRender}>
          <Dashboard wall={false} onToggleWall={() => {}} onLogout={() => {}} />
        </ChartProfileContext.Provider>
      </SessionContext.Provider>
    </LiveStoreContext.Provider>
  </I18nextProvider>,
);
