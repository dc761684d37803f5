'use client';

import { useSyncExternalStore } from 'react';
import { getSocket } from './socket-client';
import { socketStatus, type SocketStatus } from './socket-status';

let everConnected = false;

function subscribe(onChange: () => void): () => void {
  const socket = getSocket();
  const onConnect = () => {
    everConnected = true;
    onChange();
  };
  socket.on('connect', onConnect);
  socket.on('disconnect', onChange);
  socket.on('connect_error', onChange);
  socket.io.on('reconnect_failed', onChange);
  return () => {
    socket.off('connect', onConnect);
    socket.off('disconnect', onChange);
    socket.off('connect_error', onChange);
    socket.io.off('reconnect_failed', onChange);
  };
}

function getSnapshot(): SocketStatus {
  const socket = getSocket();
  if (socket.connected) everConnected = true;
  return socketStatus({ connected: socket.connected, active: socket.active, everConnected });
}

const getServerSnapshot = (): SocketStatus => 'connecting';

export function useSocketStatus(): SocketStatus {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
