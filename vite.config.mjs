// (A .mjs file: tsconfig.node.json does not include a vite.config.ts.)
// Builds the renderer (renderer/index.html + renderer/src) into out/renderer with relative
// paths (Electron loads it from file://, the web door from http://127.0.0.1). pdf.js's worker,
// CMaps and standard fonts are copied to out/renderer/pdfjs/ by scripts/build.mjs so CJK text
// renders offline.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
  logLevel: 'warn',
});
