/** The login screen. The password never leaves this form except in the login request. */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError, login } from '../api/index.ts';
import type { Session } from '../api/index.ts';

export function LoginForm({ onLoggedIn, notice }: { onLoggedIn: (s: Session) => void; notice: string | null }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      onLoggedIn(await login((input, init) => fetch(input, init), username, password));
    } catch (err) {
      if (err instanceof ApiError && err.unauthorized) setError('Wrong username or password.');
      else setError(err instanceof Error ? err.message : String(err));
      setPending(false);
    }
  };

  return (
    <main className="login-screen">
      <form className="login-form" data-testid="login-form" onSubmit={(e) => void submit(e)}>
        <h1>crowdflow</h1>
        <p className="login-subtitle">Operator console</p>
        {notice !== null && <p className="login-notice" role="status">{notice}</p>}
        <label>
          Username
          <input
            data-testid="login-username" name="username" autoComplete="username" required autoFocus
            value={username} onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            data-testid="login-password" name="password" type="password" autoComplete="current-password" required
            value={password} onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <p className="login-error" role="alert">{error ?? '\u00a0'}</p>
        <button data-testid="login-submit" type="submit" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
