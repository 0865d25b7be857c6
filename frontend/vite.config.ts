import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// base './' because the built UI is served from the Wails asset server and
// from `serve` under whatever path the bridge picks; relative URLs work in both.
export default defineConfig({
  base: './',
  plugins: [react()],
  resolve: {
    // httpsnippet (CodeSnippet) imports Node's legacy "url" API; browsers
    // get the small WHATWG-based equivalent in src/lib/nodeUrlShim.ts.
    alias: [{ find: /^url$/, replacement: new URL('./src/lib/nodeUrlShim.ts', import.meta.url).pathname }],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The desktop webview loads from disk-embedded assets: one chunk per
    // vendor family keeps the first paint small without many round trips.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run dev` against `penguinmails-console serve --addr 127.0.0.1:8790`:
    // the bridge's calls and its event websocket go through to Go.
    proxy: {
      '/bridge': { target: 'http://127.0.0.1:8790', ws: true, changeOrigin: false },
    },
  },
})
