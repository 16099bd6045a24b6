// The web console (apps/web): Vue 3 + Element Plus, built by Vite into dist/web, which the API
// serves at / (same origin: the refresh cookie and the XSRF header need no CORS). `npm run build`
// builds it; `npm run dev:web` serves it with hot reload, proxying /api to a running `npm start`.
import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [
    vue(),
    // Element Plus components (and their styles) imported where a template uses them, as Element
    // Plus's own guide recommends: the first page loads only what it shows.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: here('src/components.d.ts') }),
  ],
  resolve: {
    // The pure rules of libs/domain are shared with the API (no Node built-ins: lint enforces it).
    alias: { '@domain': here('../../libs/domain/src'), '@web': here('src') },
  },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' },
  },
});
