// Public site: static files only, served next to /api on the same origin.
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  outDir: './dist',
  // /report/ → report/index.html: works with S3/CloudFront index rewriting and plain static servers.
  build: {
    format: 'directory',
    // The CSP forbids inline styles and scripts: always emit stylesheets as files…
    inlineStylesheets: 'never',
  },
  vite: {
    // …and never inline small script chunks into the HTML (Astro inlines below this limit).
    build: { assetsInlineLimit: 0 },
  },
  devToolbar: { enabled: false },
});
