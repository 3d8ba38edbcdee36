import { describe, expect, it } from 'vitest';
import { appPageOf, CONNECT_URL, CONSOLE_URL } from '../../electron/main/appUrl';
import { externalHosts, isAllowedExternalLink, mayNavigate, windowOpenDecision } from '../../electron/main/navigation';

describe('navigation guard', () => {
  it('lets a window move between the bundled console and connect pages', () => {
    expect(mayNavigate(CONSOLE_URL)).toBe(true);
    expect(mayNavigate(`${CONSOLE_URL}?lang=en&wall=1`)).toBe(true);
    expect(mayNavigate(CONNECT_URL)).toBe(true);
  });

  it('blocks navigation to another origin, scheme or folder', () => {
    for (const url of [
      'https://sluice.example.go.kr/console/',
      'http://127.0.0.1:8080/console/',
      'file:///etc/passwd',
      'sluice://evil/console/index.html',
      'sluice://app/../../etc/passwd',
      'sluice://user:pw@app/console/index.html',
      'sluice://app/',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'not a url',
    ]) {
      expect(mayNavigate(url), url).toBe(false);
    }
    expect(appPageOf('sluice://app/other/index.html')).toBeNull();
  });

  it('never opens a new window; only allow-listed https links go to the system browser', () => {
    const hosts = externalHosts('https://sluice.example.go.kr');
    expect(windowOpenDecision('https://sluice.example.go.kr/docs', hosts)).toEqual({ action: 'deny', openExternally: 'https://sluice.example.go.kr/docs' });
    expect(windowOpenDecision('https://phish.example.com/', hosts)).toEqual({ action: 'deny', openExternally: null });
    expect(windowOpenDecision(CONSOLE_URL, hosts)).toEqual({ action: 'deny', openExternally: null });
    expect(isAllowedExternalLink('http://sluice.example.go.kr/docs', hosts)).toBe(false);
    expect(isAllowedExternalLink('https://a:b@sluice.example.go.kr/', hosts)).toBe(false);
    expect(isAllowedExternalLink('file:///C:/Windows/System32/calc.exe', hosts)).toBe(false);
    expect(externalHosts('http://127.0.0.1:8080')).toEqual([]);
    expect(externalHosts(null)).toEqual([]);
  });
});
