'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginRequest, MeResponse } from '@/lib/session-types';
import { resetSocket } from '@/components/realtime/socket-client';
import { apiFetch } from '@/components/data/api-client';
import { useApiWrite } from './use-me';

export function useLogin() {
  return useMutation({
    mutationFn: (input: LoginRequest) =>
      apiFetch<MeResponse>('/api/auth/login', { method: 'POST', body: input, redirectOn401: false }),
  });
}

/**
 * Signs out, then loads /login as a fresh page: no cached data, no socket, nothing of
 * the previous session survives in memory.
 */
export function useLogout() {
  const write = useApiWrite();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => write<void>('/api/auth/logout', 'POST'),
    onSettled: () => {
      resetSocket();
      queryClient.clear();
      window.location.assign('/login');
    },
  });
}
