import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes a .gz beside each script and style sheet once they are final on disk: the service sends them
 * as they are (preCompressed).
 */
function gzipAssets(): Plugin {
  return {
    name: 'gzip-assets',
    apply: 'build',
    enforce: 'post',
    writeBundle(options, bundle) {
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|svg|html)$/.test(fileName)) continue;
        const path = join(options.dir!, fileName);
        writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
      }
    },
  };
}

// The console builds into dist/console, which the api serves at `/` (apps/api/src/console-static.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [
    vue(),
    // Element Plus components (and their styles) are imported where used: only those are bundled.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
    gzipAssets(),
  ],
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
    // One style sheet rather than one per component: fewer round trips before the first field takes a key.
    cssCodeSplit: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
