'use client';

import { useState, type FormEvent } from 'react';
import { createDisplayTokenSchema, WALL_BOARD_TITLES, WALL_BOARDS, type CreatedDisplayToken, type WallBoardId } from '@/lib/wall-types';
import { errorMessage } from '@/components/data/api-client';
import { useCreateDisplay } from '@/components/api/use-displays';
import { CreatedDisplayLink } from './created-display-link';

/** Name, boards, optional expiry; the answer holds the token, shown here once. */
export function CreateDisplayForm() {
  const create = useCreateDisplay();
  const [boards, setBoards] = useState<WallBoardId[]>([...WALL_BOARDS]);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedDisplayToken | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const expires = String(data.get('expiresAt') ?? '');
    const parsed = createDisplayTokenSchema.safeParse({
      name: data.get('name'),
      boards,
      expiresAt: expires ? new Date(expires).toISOString() : null,
    });
    setCreated(null);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      setError(`${first?.path[0] === 'expiresAt' ? 'Expiry: ' : ''}${first?.message ?? 'Check the form'}`);
      return;
    }
    setError(null);
    create.mutate(parsed.data, {
      onSuccess: (answer) => {
        setCreated(answer);
        form.reset();
        setBoards([...WALL_BOARDS]);
      },
    });
  }

  const toggle = (b: WallBoardId) => setBoards((cur) => (cur.includes(b) ? cur.filter((x) => x !== b) : WALL_BOARDS.filter((x) => x === b || cur.includes(x))));

  return (
    <section className="panel" aria-labelledby="new-display-title">
      <div className="panel-header">
        <h2 className="panel-title" id="new-display-title">
          Add a display
        </h2>
      </div>
      <form className="dialog-body" onSubmit={onSubmit} noValidate data-testid="create-display-form">
        <label className="field">
          <span className="field-label">Name</span>
          <input className="input" name="name" autoComplete="off" placeholder="Team room TV" data-testid="new-display-name" />
        </label>
        <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="field-label">Boards it may show</legend>
          {WALL_BOARDS.map((b) => (
            <label key={b} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
              <input type="checkbox" checked={boards.includes(b)} onChange={() => toggle(b)} data-testid={`new-display-board-${b}`} />
              {WALL_BOARD_TITLES[b]}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span className="field-label">Expires (optional)</span>
          <input className="input" name="expiresAt" type="datetime-local" data-testid="new-display-expires" />
          <span className="field-hint">Leave empty for a screen that stays on until revoked.</span>
        </label>
        {(error || create.isError) && (
          <p className="alert alert-danger" role="alert" data-testid="create-display-error">
            {error ?? errorMessage(create.error)}
          </p>
        )}
        {created && <CreatedDisplayLink created={created} />}
        <div>
          <button type="submit" className="btn btn-primary" disabled={create.isPending} data-testid="create-display-submit">
            {create.isPending ? 'Creating…' : 'Create display link'}
          </button>
        </div>
      </form>
    </section>
  );
}
