import { summaryOf, type DrillProgress, type DrillReportSummary, type DrillState } from '../../../protocol';
import type { DrillStore, StoredDrillReport } from '../port';
import type { MemoryConsoleStore } from './console';

export class MemoryDrillStore implements DrillStore {
  private latest: DrillProgress | null = null;
  private readonly stored = new Map<string, StoredDrillReport>();

  constructor(private readonly console: MemoryConsoleStore) {}

  async saveProgress(progress: DrillProgress): Promise<void> {
    this.latest = structuredClone(progress);
  }

  async progress(): Promise<DrillProgress | null> {
    return this.latest ? structuredClone(this.latest) : null;
  }

  async endDrill(id: string): Promise<DrillState | null> {
    return this.console.stopDrillIf(id);
  }

  async saveReport(stored: StoredDrillReport, keep: number): Promise<void> {
    this.stored.set(stored.report.id, structuredClone(stored));
    const newestFirst = [...this.stored.values()].sort((a, b) => b.report.endedAt - a.report.endedAt);
    for (const old of newestFirst.slice(keep)) this.stored.delete(old.report.id);
  }

  async reports(limit: number): Promise<DrillReportSummary[]> {
    return [...this.stored.values()]
      .map((s) => summaryOf(s.report))
      .sort((a, b) => b.endedAt - a.endedAt)
      .slice(0, limit);
  }

  async report(id: string): Promise<StoredDrillReport | null> {
    const found = this.stored.get(id);
    return found ? structuredClone(found) : null;
  }
}
