import { defineConfig } from 'prisma/config';

// Only `prisma generate` runs here: the client talks to the database through driver
// adapters (server/store/database.ts), and migrations are applied by our own runner.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
