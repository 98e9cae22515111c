// Two static pages (the patient portal, index.html, and the pack verifier, verify.html) on the
// generated clients, imported from their sources in packages/cw-health-ts/src (no build of that
// package needed). Their CosmJS imports resolve to this package's node_modules (`dedupe`), so
// both packages share one CosmJS. `base: "./"`: the built pages work from any directory.
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

const here = fileURLToPath(new URL(".", import.meta.url));
const clientSrc = process.env.CW_HEALTH_TS_SRC ?? resolve(here, "../cw-health-ts/src");

export default defineConfig({
  base: "./",
  resolve: {
    alias: { "@cw-health/client": resolve(clientSrc, "index.ts") },
    dedupe: [
      "@cosmjs/amino",
      "@cosmjs/cosmwasm-stargate",
      "@cosmjs/encoding",
      "@cosmjs/proto-signing",
      "@cosmjs/stargate",
      "cosmjs-types",
    ],
  },
  server: { fs: { allow: [here, clientSrc] } },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: { portal: resolve(here, "index.html"), verify: resolve(here, "verify.html") },
    },
  },
});
