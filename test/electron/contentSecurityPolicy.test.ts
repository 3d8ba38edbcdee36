import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy } from '../../electron/main/contentSecurityPolicy';
import { parseServerUrl } from '../../electron/main/serverUrl';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}

describe('content security policy', () => {
  it('lets the page connect to the configured server (HTTP and WebSocket) and nowhere else', () => {
    const csp = directives(buildContentSecurityPolicy('https://sluice.example.go.kr'));
    expect(csp.get('connect-src')).toEqual(['https://sluice.example.go.kr', 'wss://sluice.example.go.kr']);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    for (const [name, values] of csp) {
      expect(values, name).not.toContain('*');
      expect(values, name).not.toContain("'unsafe-eval'");
      if (name !== 'style-src') expect(values, name).not.toContain("'unsafe-inline'");
    }
  });

  it('keeps a local server on its port, and allows no connection before one is configured', () => {
    expect(directives(buildContentSecurityPolicy('http://127.0.0.1:8080')).get('connect-src')).toEqual(['http://127.0.0.1:8080', 'ws://127.0.0.1:8080']);
    expect(directives(buildContentSecurityPolicy(null)).get('connect-src')).toEqual(["'none'"]);
  });
});

describe('server URL', () => {
  it('keeps the origin of an https server, and http only on this machine', () => {
    expect(parseServerUrl(' https://Sluice.Example.go.kr/ ')).toEqual({ ok: true, serverUrl: 'https://sluice.example.go.kr' });
    expect(parseServerUrl('https://sluice.example.go.kr:8443')).toEqual({ ok: true, serverUrl: 'https://sluice.example.go.kr:8443' });
    expect(parseServerUrl('http://localhost:8080')).toEqual({ ok: true, serverUrl: 'http://localhost:8080' });
    expect(parseServerUrl('http://127.0.0.1:8080')).toEqual({ ok: true, serverUrl: 'http://127.0.0.1:8080' });
    expect(parseServerUrl('http://10.0.0.5:8080')).toMatchObject({ ok: false, error: 'insecure_url' });
  });

  it('refuses what is not a bare server address', () => {
    for (const raw of [
      '',
      'sluice',
      'ftp://x.example',
      'javascript:alert(1)',
      'https://u:p@x.example',
      'https://x.example/console',
      'https://x.example/?a=1',
      42,
      null,
    ]) {
      expect(parseServerUrl(raw).ok, String(raw)).toBe(false);
    }
  });
});
