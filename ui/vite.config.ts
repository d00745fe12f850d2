import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Built into ui/dist and embedded in the app binary (src-tauri/tauri.conf.json frontendDist).
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  // Non-ASCII characters as \u escapes: WebKit keeps a script's text as 8-bit characters only
  // when every one is Latin-1, so one '…' in the bundle doubled the memory of its whole source.
  esbuild: { charset: 'ascii' },
  build: { target: 'safari15', outDir: 'dist', emptyOutDir: true, sourcemap: false },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
