/** Login or console: the session decides. Any 401 ends the session and returns to the login form. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { clearSession, createApiClient, loadSession, saveSession } from './api/index.ts';
import type { Session } from './api/index.ts';
import { LoginForm } from './components/index.ts';
import { ConsoleScreen } from './console-screen.tsx';

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession(window.sessionStorage, Date.now()));
  const [notice, setNotice] = useState<string | null>(null);

  const end = useCallback((why: string | null) => {
    clearSession(window.sessionStorage);
    setNotice(why);
    setSession(null);
  }, []);

  // The server refuses an expired token anyway; leaving at expiry avoids a console that looks
  // live while every command it sends would fail. (setTimeout caps at 2^31 − 1 ms.)
  useEffect(() => {
    if (session === null) return;
    const handle = window.setTimeout(
      () => end('Your session has expired. Please sign in again.'),
      Math.min(2 ** 31 - 1, Math.max(0, session.expiresAtMs - Date.now())),
    );
    return () => window.clearTimeout(handle);
  }, [session, end]);

  const api = useMemo(
    () => (session === null ? null : createApiClient((i, init) => fetch(i, init), session.token, () => end('Your session has ended. Please sign in again.'))),
    [session, end],
  );

  if (session === null || api === null) {
    return (
      <LoginForm
        notice={notice}
        onLoggedIn={(s) => {
          saveSession(window.sessionStorage, s);
          setNotice(null);
          setSession(s);
        }}
      />
    );
  }
  const logout = (): void => {
    // Best effort: the token dies on the server too, but leaving must not wait for it.
    void api.logout().catch(() => undefined);
    end(null);
  };
  return <ConsoleScreen key={session.token} api={api} session={session} onLogout={logout} />;
}
