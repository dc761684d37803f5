'use client';

import { useEffect, useReducer, useRef } from 'react';
import type { WallDeadLetters, WallDrift, WallFlows, WallGroups, WallHealth, WallState } from '@/lib/wall-types';
import { redirectToLogin } from '@/components/data/api-client';
import { createWallSocket } from '@/components/realtime/wall-socket';
import { reconnectDelay, type WallSource } from './wall-freshness';


export interface WallView {
  state: WallState | null;
  connected: boolean;
  disconnectedAt: number | null;
  /** Client time each source last brought newer data. */
  lastFresh: Record<WallSource, number | null>;
  /** The screen is done: its token was revoked (or expired). Nothing reconnects after this. */
  ended: 'revoked' | null;
  /** The flows board's map, from room `wall:flows` while that board is shown; null before the first. */
  flows: WallFlows | null;
  /** The drift board's figures, from room `wall:drift` while that board is shown; null before the first. */
  drift: WallDrift | null;
}

/** Rooms of boards that only a wall showing them joins. */
const BOARD_ROOMS = ['wall:flows', 'wall:drift'] as const;
type BoardRoom = (typeof BOARD_ROOMS)[number];

type Action =
  | { type: 'loaded'; state: WallState; at: number }
  | { type: 'health'; health: WallHealth; at: number }
  | { type: 'groups'; groups: WallGroups; at: number }
  | { type: 'deadLetters'; deadLetters: WallDeadLetters }
  | { type: 'flows'; flows: WallFlows }
  | { type: 'drift'; drift: WallDrift; at: number }
  | { type: 'connected' }
  | { type: 'disconnected'; at: number }
  | { type: 'revoked' };

const initial: WallView = { state: null, connected: false, disconnectedAt: null, lastFresh: { cluster: null, lag: null, drift: null }, ended: null, flows: null, drift: null };

/** Newer data (by the server's observedAt) counts as fresh news; a repeat of the same poll does not. */
const advanced = (prev: number | null | undefined, next: number | null) => next !== null && (prev == null || next > prev);

function reduce(v: WallView, a: Action): WallView {
  switch (a.type) {
    case 'loaded':
      return {
        ...v,
        state: a.state,
        lastFresh: {
          ...v.lastFresh,
          cluster: advanced(v.state?.health.observedAt, a.state.health.observedAt) ? a.at : v.lastFresh.cluster,
          lag: advanced(v.state?.groups.observedAt, a.state.groups.observedAt) ? a.at : v.lastFresh.lag,
        },
      };
    case 'health':
      if (!v.state) return v;
      return {
        ...v,
        state: { ...v.state, health: a.health },
        lastFresh: { ...v.lastFresh, cluster: advanced(v.state.health.observedAt, a.health.observedAt) ? a.at : v.lastFresh.cluster },
      };
    case 'groups':
      if (!v.state) return v;
      return {
        ...v,
        state: { ...v.state, groups: a.groups },
        lastFresh: { ...v.lastFresh, lag: advanced(v.state.groups.observedAt, a.groups.observedAt) ? a.at : v.lastFresh.lag },
      };
    case 'deadLetters':
      return v.state ? { ...v, state: { ...v.state, deadLetters: a.deadLetters } } : v;
    case 'flows':
      return { ...v, flows: a.flows };
    case 'drift':
      return { ...v, drift: a.drift, lastFresh: { ...v.lastFresh, drift: advanced(v.drift?.observedAt, a.drift.observedAt) ? a.at : v.lastFresh.drift } };
    case 'connected':
      return { ...v, connected: true, disconnectedAt: null };
    case 'disconnected':
      return v.connected || v.disconnectedAt === null ? { ...v, connected: false, disconnectedAt: a.at } : v;
    case 'revoked':
      return { ...v, ended: 'revoked', connected: false };
  }
}

/**
 * The wall's data and connection, for a screen nobody touches: first the whole state
 * from GET /api/wall, then the `wall` room's pushes. Its own socket
 * (components/realtime/wall-socket.ts), not the console's, because a wall must never give up: it reconnects forever with backoff, also after the
 * server refused it for being unavailable or dropped it while shutting down; it reloads
 * when the server comes back with another build; it stops only when its token is revoked.
 */
export function useWall(opts: { flows: boolean; drift: boolean } = { flows: false, drift: false }): WallView {
  const [view, dispatch] = useReducer(reduce, initial);
  // A board's own room is joined only by a wall that shows it: the server builds the flow map for its members only.
  const wanted = useRef<Record<BoardRoom, boolean>>({ 'wall:flows': opts.flows, 'wall:drift': opts.drift });
  const socketRef = useRef<ReturnType<typeof createWallSocket> | null>(null);

  useEffect(() => {
    let stopped = false;
    let firstBuild: string | null = null;
    let attempts = 0;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    // A display whose session is gone was revoked (or expired); a person just signs in again.
    let isDisplay = true;
    const socket = createWallSocket();
    socketRef.current = socket;

    const seenBuild = (buildId: string) => {
      if (firstBuild === null) firstBuild = buildId;
      else if (buildId !== firstBuild) window.location.reload();
    };
    const end = () => {
      stopped = true;
      dispatch({ type: 'revoked' });
      socket.disconnect();
    };
    const retryLater = (what: () => void) => {
      if (stopped) return;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = setTimeout(what, reconnectDelay(attempts++));
    };

    async function load(): Promise<void> {
      try {
        const res = await fetch('/api/wall', { credentials: 'same-origin', cache: 'no-store' });
        if (stopped) return;
        if (res.status === 401) return sessionGone();
        if (!res.ok) throw new Error(`status ${res.status}`);
        const state = (await res.json()) as WallState;
        seenBuild(state.buildId);
        isDisplay = state.displayName !== null;
        dispatch({ type: 'loaded', state, at: Date.now() });
        attempts = 0;
        if (!socket.active) socket.connect();
      } catch {
        retryLater(() => void load());
      }
    }

    /** Our session is gone: a display's token was revoked or expired; a person signs in again. */
    function sessionGone() {
      if (isDisplay) end();
      else redirectToLogin();
    }

    socket.on('connect', () => {
      attempts = 0;
      dispatch({ type: 'connected' });
      socket.emit('subscribe', 'wall');
      for (const room of BOARD_ROOMS) if (wanted.current[room]) socket.emit('subscribe', room);
    });
    socket.on('wall:hello', (h) => seenBuild(h.buildId));
    socket.on('wall:health', (health) => dispatch({ type: 'health', health, at: Date.now() }));
    socket.on('wall:groups', (groups) => dispatch({ type: 'groups', groups, at: Date.now() }));
    socket.on('wall:dead-letters', (deadLetters) => dispatch({ type: 'deadLetters', deadLetters }));
    socket.on('wall:flows', (flows) => dispatch({ type: 'flows', flows }));
    socket.on('wall:drift', (drift) => dispatch({ type: 'drift', drift, at: Date.now() }));
    socket.on('display:revoked', end);
    socket.on('disconnect', (reason) => {
      dispatch({ type: 'disconnected', at: Date.now() });
      // The server closed us (shutting down, or our session ended): socket.io will not
      // retry that by itself. Asking the API tells which of the two it was.
      if (reason === 'io server disconnect') retryLater(() => void load().then(() => !stopped && !socket.active && socket.connect()));
    });
    socket.on('connect_error', (err) => {
      dispatch({ type: 'disconnected', at: Date.now() });
      if (socket.active) return; // a transport failure: socket.io keeps retrying with its own backoff
      if (err.message === 'unauthorized') void load();
      else retryLater(() => socket.connect());
    });

    void load();
    return () => {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, []);

  useEffect(() => {
    const next: Record<BoardRoom, boolean> = { 'wall:flows': opts.flows, 'wall:drift': opts.drift };
    const socket = socketRef.current;
    for (const room of BOARD_ROOMS) {
      if (next[room] !== wanted.current[room] && socket?.connected) socket.emit(next[room] ? 'subscribe' : 'unsubscribe', room);
    }
    wanted.current = next;
  }, [opts.flows, opts.drift]);

  return view;
}
