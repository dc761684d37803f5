'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '@/lib/session-types';
import type { UserView } from '@/lib/user-types';
import { apiFetch } from '@/components/data/api-client';
import { useApiWrite } from './use-me';
import { queryKeys } from '@/components/data/query-keys';

export type { UserView } from '@/lib/user-types';

export function useUsers() {
  return useQuery({
    queryKey: queryKeys.users,
    queryFn: ({ signal }) => apiFetch<{ users: UserView[] }>('/api/users', { signal }),
    select: (data) => data.users,
  });
}

export interface CreateUserInput {
  username: string;
  password: string;
  role: Role;
}

export function useCreateUser() {
  const write = useApiWrite();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => write<unknown>('/api/users', 'POST', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.users }),
  });
}
