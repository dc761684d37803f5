import type { NextConfig } from 'next';

// Kept minimal: server/main.ts serves Next.js, the API and socket.io on one port,
// so there is no output mode, rewrites or API routes to configure here.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  // Don't advertise the framework in every response.
  poweredByHeader: false,
};

export default nextConfig;
