// Builds the web console: bundles console/src with esbuild into content-hashed files under
// dist/console/public/assets, writes index.html naming them, and writes a gzip and a brotli copy of
// every file beside it (the gateway sends the copy the browser accepts). Run by `npm run build`.
//   node dist/console/build.js [--watch is not offered: rebuild after a change]
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { fromRoot } from '../lib/paths.js';

const out = fromRoot('dist', 'console', 'public');
const assets = join(out, 'assets');

function compress(file: string): void {
  const body = readFileSync(file);
  writeFileSync(file + '.gz', gzipSync(body, { level: 9 }));
  writeFileSync(
    file + '.br',
    brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  );
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

async function main(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(assets, { recursive: true });
  const result = await build({
    entryPoints: { app: fromRoot('console', 'src', 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome110', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: assets,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    sourcemap: false,
    legalComments: 'none',
    // Libraries' development-only checks (process.env.NODE_ENV) compiled out; there is no process in a browser.
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const files = Object.keys(result.metafile.outputs).map((f) => basename(f));
  const js = files.find((f) => f.endsWith('.js'));
  const css = files.find((f) => f.endsWith('.css'));
  if (!js || !css) throw new Error(`the console build made no script or stylesheet (${files.join(', ')})`);
  const html = `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>뉴스룸 수집기</title>
<link rel="stylesheet" href="/assets/${escapeAttr(css)}">
<script type="module" src="/assets/${escapeAttr(js)}"></script>
</head>
<body>
<div id="app"><noscript>이 콘솔은 JavaScript가 필요합니다. / This console needs JavaScript.</noscript></div>
</body>
</html>
`;
  writeFileSync(join(out, 'index.html'), html);
  compress(join(out, 'index.html'));
  for (const f of readdirSync(assets)) compress(join(assets, f));
  const size = (f: string) => statSync(join(assets, f)).size;
  console.log(`[console] ${js} ${size(js)} B (gzip ${size(js + '.gz')} B, brotli ${size(js + '.br')} B), ${css} ${size(css)} B`);
}

main().catch((e: unknown) => {
  console.error(`[console] build failed: ${(e as Error).message}`);
  process.exit(1);
});
