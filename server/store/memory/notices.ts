import type { Notice } from '../../../protocol';
import type { NoticeStore } from '../port';

const newestFirst = (a: Notice, b: Notice) => b.postedAt - a.postedAt || b.id.localeCompare(a.id);

export class MemoryNoticeStore implements NoticeStore {
  private readonly byId = new Map<string, Notice>();

  async post(notice: Notice): Promise<void> {
    this.dropExpired(notice.postedAt);
    this.byId.set(notice.id, structuredClone(notice));
  }

  async clear(id: string, now: number): Promise<Notice | null> {
    this.dropExpired(now);
    const found = this.byId.get(id);
    if (!found) return null;
    this.byId.delete(id);
    return structuredClone(found);
  }

  async active(now: number): Promise<Notice[]> {
    this.dropExpired(now);
    return [...this.byId.values()].map((n) => structuredClone(n)).sort(newestFirst);
  }

  private dropExpired(now: number): void {
    for (const [id, notice] of this.byId) if (notice.expiresAt <= now) this.byId.delete(id);
  }
}
