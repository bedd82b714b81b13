import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { SiteConfig } from './console/site-config';

/** One file of the console's static site, as S3/CloudFront or the local server serves it. */
export interface SiteFile {
  /** URL path, e.g. "/index.html", "/assets/main-3F2A.js". */
  readonly path: string;
  readonly contentType: string;
  readonly body: Uint8Array;
  /** Content-hashed assets may be cached forever; index.html must be revalidated. */
  readonly immutable: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/**
 * Builds the review console (Preact + htm + uPlot, bundled and minified by esbuild) into
 * memory: index.html plus content-hashed JS and CSS. `lifeline serve` serves the result; the
 * deployed site uploads the same files (writeConsoleSite, at synth). Synchronous because CDK's
 * local bundling is; it takes a fraction of a second.
 */
export function buildConsoleSite(): SiteFile[] {
  const result = buildSync({
    entryPoints: [join(here, 'console', 'main.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    outdir: '/assets',
    entryNames: '[name]-[hash]',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const assets: SiteFile[] = result.outputFiles.map((file) => {
    const extension = file.path.slice(file.path.lastIndexOf('.'));
    return {
      path: file.path,
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      body: file.contents,
      immutable: true,
    };
  });
  const script = assets.find((asset) => asset.path.endsWith('.js'));
  const style = assets.find((asset) => asset.path.endsWith('.css'));
  if (!script || !style) throw new Error('the console build produced no script or stylesheet');
  const index = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Lifeline review console</title>
<link rel="stylesheet" href="${style.path}">
<script type="module" src="${script.path}"></script>
</head>
<body><div id="app"><noscript>The review console needs JavaScript.</noscript></div></body>
</html>
`;
  return [
    {
      path: '/index.html',
      contentType: CONTENT_TYPES['.html'] as string,
      body: new TextEncoder().encode(index),
      immutable: false,
    },
    ...assets,
  ];
}

/** /config.json of a site: where to sign in (Cognito), or null for the local console without login. */
export function siteConfigFile(config: SiteConfig): SiteFile {
  return {
    path: '/config.json',
    contentType: 'application/json; charset=utf-8',
    body: new TextEncoder().encode(JSON.stringify(config)),
    immutable: false,
  };
}

/** Writes the built site into `dir` (the CDK asset of the site bucket). */
export function writeConsoleSite(dir: string): void {
  for (const file of buildConsoleSite()) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.body);
  }
}
