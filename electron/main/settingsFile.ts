import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseSettings, serialiseSettings, type DesktopSettings } from './settings';

/**
 * The remembered settings, kept in memory and written through to one JSON file (atomically).
 * A server given for this run only (the command line) is used but never written, so the
 * remembered one comes back next time; choosing a server in the app replaces it.
 */
export class SettingsFile {
  private settings: DesktopSettings;

  constructor(
    private readonly path: string,
    private serverUrlForThisRun: string | null = null,
  ) {
    let text: string | null;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      text = null; // first run
    }
    this.settings = parseSettings(text);
  }

  get current(): DesktopSettings {
    return this.serverUrlForThisRun ? { ...this.settings, serverUrl: this.serverUrlForThisRun } : this.settings;
  }

  update(patch: Partial<DesktopSettings>): void {
    if ('serverUrl' in patch) this.serverUrlForThisRun = null;
    this.settings = { ...this.settings, ...patch };
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, serialiseSettings(this.settings), { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
