import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseSettings, serialiseSettings, type DesktopSettings } from './settings';

/** The remembered settings, kept in memory and written through to one JSON file (atomically). */
export class SettingsFile {
  private settings: DesktopSettings;

  constructor(private readonly path: string) {
    let text: string | null;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      text = null; // first run
    }
    this.settings = parseSettings(text);
  }

  get current(): DesktopSettings {
    return this.settings;
  }

  update(patch: Partial<DesktopSettings>): void {
    this.settings = { ...this.settings, ...patch };
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, serialiseSettings(this.settings), { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
