import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverUrlFromArgs } from '../../electron/main/serverUrl';
import { SettingsFile } from '../../electron/main/settingsFile';

describe('the server given on the command line (npm start)', () => {
  it('is read from --server-url= and checked like a typed one', () => {
    expect(serverUrlFromArgs(['/usr/bin/electron', 'dist/electron/main.cjs', '--server-url=http://127.0.0.1:8080'])).toEqual({
      ok: true,
      serverUrl: 'http://127.0.0.1:8080',
    });
    expect(serverUrlFromArgs(['electron', '--server-url=http://sluice.example.go.kr'])).toMatchObject({ ok: false, error: 'insecure_url' });
    expect(serverUrlFromArgs(['electron', '--server-url=https://sluice.example.go.kr/console'])).toMatchObject({ ok: false, error: 'invalid_url' });
    expect(serverUrlFromArgs(['electron', 'dist/electron/main.cjs'])).toBeNull();
  });

  it('is used for this run but never written over the remembered server', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sluice-settings-')), 'settings.json');
    writeFileSync(path, JSON.stringify({ serverUrl: 'https://sluice.example.go.kr' }));
    const settings = new SettingsFile(path, 'http://127.0.0.1:8080');
    expect(settings.current.serverUrl).toBe('http://127.0.0.1:8080');
    settings.update({ maximized: true });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ serverUrl: 'https://sluice.example.go.kr', maximized: true });
    expect(new SettingsFile(path).current.serverUrl).toBe('https://sluice.example.go.kr');
  });

  it('gives way when the operator chooses a server in the app', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sluice-settings-')), 'settings.json');
    const settings = new SettingsFile(path, 'http://127.0.0.1:8080');
    settings.update({ serverUrl: 'https://other.example.go.kr' });
    expect(settings.current.serverUrl).toBe('https://other.example.go.kr');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ serverUrl: 'https://other.example.go.kr' });
  });
});
