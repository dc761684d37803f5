import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';

// The server only lets signed-in users reach these pages; /login lives outside this group.
export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return <AppShell>{children}</AppShell>;
}
