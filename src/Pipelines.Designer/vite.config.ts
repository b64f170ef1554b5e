import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into the API's wwwroot (the API serves it); `npm run dev` proxies the API on 5080 for local work.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: process.env.DESIGNER_OUT_DIR ?? '../Pipelines.Api/wwwroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:5080',
      '/health': 'http://127.0.0.1:5080',
      '/swagger': 'http://127.0.0.1:5080',
    },
  },
});
