/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

/**
 * vue-i18n 11 probes `'currentInstance' in Vue` on a namespace import, which
 * stops tree-shaking of the whole `vue` package (about +20 kB gzipped; see
 * intlify/vue-i18n#2573). Vue 3.5 has no `currentInstance` export, so the probe
 * is always false: replace it with the static call it falls back to. A no-op
 * once upstream changes the code.
 */
function vueI18nTreeShake(): Plugin {
  const probe =
    /if \(key in Vue\) \{\s*return Vue\[key\];\s*\}\s*else \{\s*(return Vue\.getCurrentInstance\(\);)\s*\}/
  return {
    name: 'market:vue-i18n-tree-shake',
    apply: 'build',
    transform(code, id) {
      if (!id.includes('/node_modules/vue-i18n/dist/') || !probe.test(code)) return null
      return { code: code.replace(probe, '$1'), map: null }
    },
  }
}

// The Go binary embeds `dist/` (see embed.go) and serves it at `/`.
// `public/.gitkeep` is copied into `dist/` on every build, so the folder
// never ends up empty even though `emptyOutDir` clears it first.
export default defineConfig({
  plugins: [vue(), vueI18nTreeShake()],
  define: {
    // Composition API only; keeps the bundle small.
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    // During `npm run dev`, forward server routes to a running `market serve`,
    // e.g. MARKET_DEV_API=http://127.0.0.1:8080 npm run dev
    proxy: process.env.MARKET_DEV_API
      ? {
          '/api': process.env.MARKET_DEV_API,
          '/healthz': process.env.MARKET_DEV_API,
        }
      : undefined,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
})
