'use client';

import { useRef, useState, type FormEvent } from 'react';
import { loginRequestSchema } from '@/lib/session-types';
import { safeNextPath } from '@/components/data/login-redirect';
import { useLogin } from '@/components/api/use-session';
import { useNow } from '@/components/ui/use-now';
import { loginProblem, rateLimitMessage, type LoginProblem } from './login-error';
import styles from './login.module.css';

export function LoginForm() {
  const login = useLogin();
  const passwordRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<LoginProblem | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [blockedUntil, setBlockedUntil] = useState(0);
  const now = useNow(1_000);
  const secondsBlocked = Math.max(0, Math.ceil((blockedUntil - now) / 1000));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = loginRequestSchema.safeParse({ username: form.get('username'), password: form.get('password') });
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message ?? 'Enter a user name and a password');
      return;
    }
    setInvalid(null);
    setProblem(null);
    login.mutate(parsed.data, {
      onSuccess: () => {
        // A full page load: the new session starts with an empty cache and a fresh socket.
        const next = new URLSearchParams(window.location.search).get('next');
        window.location.assign(safeNextPath(next));
      },
      onError: (error) => {
        const p = loginProblem(error);
        setProblem(p);
        if (p.retryAfterSeconds !== null) setBlockedUntil(Date.now() + p.retryAfterSeconds * 1000);
        // Select rather than clear the password: typing replaces it, and nothing typed
        // while the request was in flight is thrown away.
        if (p.kind === 'credentials' && passwordRef.current) {
          passwordRef.current.focus();
          passwordRef.current.select();
        }
      },
    });
  }

  const message =
    invalid ?? (problem?.kind === 'rate-limited' ? rateLimitMessage(secondsBlocked) : (problem?.message ?? null));
  const busy = login.isPending || login.isSuccess;

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate>
      <label className="field">
        <span className="field-label">User name</span>
        <input
          className="input"
          name="username"
          autoComplete="username"
          autoFocus
          required
          data-testid="login-username"
          aria-invalid={problem?.kind === 'credentials' || undefined}
        />
      </label>
      <label className="field">
        <span className="field-label">Password</span>
        <input
          ref={passwordRef}
          className="input"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          data-testid="login-password"
          aria-invalid={problem?.kind === 'credentials' || undefined}
        />
      </label>
      <div aria-live="assertive" className={styles.messageSlot}>
        {message && (
          <p
            role="alert"
            className={`alert ${problem?.kind === 'rate-limited' && secondsBlocked === 0 ? 'alert-ok' : 'alert-danger'}`}
            data-testid="login-error"
            data-kind={invalid ? 'invalid' : problem?.kind}
          >
            {message}
          </p>
        )}
      </div>
      <button
        type="submit"
        className={`btn btn-primary ${styles.submit}`}
        disabled={busy || secondsBlocked > 0}
        data-testid="login-submit"
      >
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
