'use client';

import { useState, type FormEvent } from 'react';
import { roles } from '@/lib/session-types';
import { ApiError, errorMessage } from '@/components/data/api-client';
import { useCreateUser } from '@/components/api/use-users';
import { createUserSchema, MIN_PASSWORD_LENGTH, userFieldErrors, type CreateUserFields } from '@/lib/create-user-schema';

const ROLE_HINT: Record<(typeof roles)[number], string> = {
  viewer: 'Viewer: reads everything, changes nothing',
  operator: 'Operator: can also create topics',
  admin: 'Admin: can also delete topics, manage users, read the audit log',
};

export function CreateUserForm() {
  const create = useCreateUser();
  const [errors, setErrors] = useState<Partial<Record<CreateUserFields, string>>>({});
  const [role, setRole] = useState<(typeof roles)[number]>('viewer');
  const [created, setCreated] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const parsed = createUserSchema.safeParse(Object.fromEntries(new FormData(formEl)));
    setCreated(null);
    if (!parsed.success) {
      setErrors(userFieldErrors(parsed.error));
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: () => {
        setCreated(parsed.data.username);
        formEl.reset();
        setRole('viewer');
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 409) setErrors({ username: error.message });
      },
    });
  }

  const serverError = create.isError && !(create.error instanceof ApiError && create.error.status === 409);

  return (
    <section className="panel" aria-labelledby="new-user-title">
      <div className="panel-header">
        <h2 className="panel-title" id="new-user-title">
          Add a user
        </h2>
      </div>
      <form className="dialog-body" onSubmit={onSubmit} noValidate data-testid="create-user-form">
        <label className="field">
          <span className="field-label">User name</span>
          <input className="input" name="username" autoComplete="off" spellCheck={false} data-testid="new-user-username" aria-invalid={!!errors.username || undefined} />
          {errors.username && <span className="field-error">{errors.username}</span>}
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input className="input" name="password" type="password" autoComplete="new-password" data-testid="new-user-password" aria-invalid={!!errors.password || undefined} />
          {errors.password ? (
            <span className="field-error">{errors.password}</span>
          ) : (
            <span className="field-hint">At least {MIN_PASSWORD_LENGTH} characters. Share it with them out of band.</span>
          )}
        </label>
        <label className="field">
          <span className="field-label">Role</span>
          <select className="select" name="role" value={role} onChange={(e) => setRole(e.target.value as typeof role)} data-testid="new-user-role">
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <span className="field-hint">{ROLE_HINT[role]}</span>
        </label>
        {serverError && (
          <p className="alert alert-danger" role="alert" data-testid="create-user-error">
            {errorMessage(create.error)}
          </p>
        )}
        {created && (
          <p className="alert alert-ok" role="status" data-testid="create-user-success">
            Added <strong>{created}</strong>.
          </p>
        )}
        <div>
          <button type="submit" className="btn btn-primary" disabled={create.isPending} data-testid="create-user-submit">
            {create.isPending ? 'Adding…' : 'Add user'}
          </button>
        </div>
      </form>
    </section>
  );
}
