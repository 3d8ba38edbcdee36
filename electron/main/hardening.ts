import { app, shell, type Session } from 'electron';
import { desktopCorsResponse } from './desktopCors';
import { externalHosts, mayNavigate, windowOpenDecision } from './navigation';
import { mayGrantPermission } from './permissions';

/** Session-wide rules: permissions (notifications only), and CORS for the configured server only. */
export function hardenSession(session: Session, serverOrigin: () => string | null): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(mayGrantPermission(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => mayGrantPermission(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  session.webRequest.onHeadersReceived({ urls: ['http://*/*', 'https://*/*'] }, (details, callback) => {
    const answer = desktopCorsResponse(details, serverOrigin());
    callback(answer ?? {});
  });
}

/** Every web contents, whenever created: no navigation away, no new windows, no <webview>. */
export function guardAllWebContents(serverOrigin: () => string | null): void {
  app.on('web-contents-created', (_event, contents) => {
    const refuse = (event: { url: string; preventDefault(): void }) => {
      if (!mayNavigate(event.url)) event.preventDefault();
    };
    contents.on('will-navigate', refuse);
    contents.on('will-frame-navigate', refuse);
    contents.on('will-redirect', refuse);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const decision = windowOpenDecision(url, externalHosts(serverOrigin()));
      if (decision.openExternally) void shell.openExternal(decision.openExternally);
      return { action: decision.action };
    });
  });
}
