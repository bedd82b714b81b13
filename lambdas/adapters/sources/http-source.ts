import type { HttpSourceConfig } from '../../config/product-config';
import type { ItemsPage, MetricsSource } from '../../ports';
import { bodySnippet, getJson, type HttpRequestDeps, redactUrl } from './http-request';
import { HttpSourceError, SourceConfigError } from './source-errors';
import type { TokenProvider } from './token-provider';

export interface HttpSourceDeps extends HttpRequestDeps {
  /** Bearer token; required when the config has `auth`, ignored otherwise. */
  readonly token?: TokenProvider;
}

/** One API page: its records and where the next page starts (null: this was the last). */
export interface FetchedPage {
  readonly items: readonly unknown[];
  readonly next: string | null;
}

/**
 * Fetches one page. `position` is the cursor (cursor style) or page number (page style) that a
 * previous call returned as `next`; null means the first page. A Lambda lands N pages with it and
 * hands `next` back to Step Functions, so no invocation has to page through the whole API.
 */
export async function fetchPage(
  config: HttpSourceConfig,
  position: string | null,
  deps: HttpSourceDeps = {},
): Promise<FetchedPage> {
  const url = pageUrl(config, position);
  const token = await bearerToken(config, deps.token);
  const { body, text } = await getJson(
    { sourceId: config.id, url, maxAttempts: config.maxAttempts, ...(token === undefined ? {} : { token }) },
    deps,
  );
  const shapeError = (problem: string) =>
    new HttpSourceError(
      `source "${config.id}": ${problem} in the response of GET ${redactUrl(url)}; body starts: ${bodySnippet(text, token)}`,
      { status: 200, url: redactUrl(url) },
    );

  const items = readField(body, config.itemsField);
  if (!Array.isArray(items)) {
    throw shapeError(`expected an array of records at "${config.itemsField}", found ${describe(items)}`);
  }

  if (config.pagination.style === 'page') {
    // A short page is the last one; the API has no other way to say so.
    const last = items.length === 0 || items.length < config.pageSize;
    return { items, next: last ? null : String(pageNumber(config, position) + 1) };
  }

  const field = config.pagination.nextCursorField;
  const rawNext = readField(body, field);
  let next: string | null;
  if (rawNext === undefined || rawNext === null || rawNext === '') next = null;
  else if (typeof rawNext === 'string') next = rawNext;
  else if (typeof rawNext === 'number' && Number.isFinite(rawNext)) next = String(rawNext);
  else throw shapeError(`expected a string cursor (or null) at "${field}", found ${describe(rawNext)}`);
  // A cursor that does not move would page forever, in a Lambda or in a Step Functions loop.
  if (next !== null && next === position)
    throw shapeError(`the cursor at "${field}" did not advance (${next})`);
  return { items, next };
}

/** The URL of one page: the configured URL (its own query kept) plus paging parameters. */
export function pageUrl(config: HttpSourceConfig, position: string | null): URL {
  const url = new URL(config.url);
  const pagination = config.pagination;
  if (pagination.style === 'cursor') {
    if (position !== null) url.searchParams.set(pagination.cursorParam, position);
  } else {
    url.searchParams.set(pagination.pageParam, String(pageNumber(config, position)));
  }
  url.searchParams.set(config.pageSizeParam, String(config.pageSize));
  return url;
}

function pageNumber(config: HttpSourceConfig, position: string | null): number {
  if (config.pagination.style !== 'page') return 0;
  if (position === null) return config.pagination.firstPage;
  if (!/^\d+$/.test(position)) {
    throw new SourceConfigError(
      `source "${config.id}": page-style position must be a page number, got "${position}"`,
    );
  }
  return Number(position);
}

async function bearerToken(
  config: HttpSourceConfig,
  provider: TokenProvider | undefined,
): Promise<string | undefined> {
  if (!config.auth) return undefined;
  if (!provider) {
    throw new SourceConfigError(
      `source "${config.id}" has "auth" configured but no token provider was supplied`,
    );
  }
  return provider();
}

/** A top-level field, or a dotted path ("data.items") when no top-level field has that name. */
function readField(body: unknown, path: string): unknown {
  if (isRecord(body) && Object.hasOwn(body, path)) return body[path];
  let value: unknown = body;
  for (const part of path.split('.')) {
    if (!isRecord(value) || !Object.hasOwn(value, part)) return undefined;
    value = value[part];
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'no such field';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The page as the ingest use case sees it; `pageNumber` counts requests from 1 within one run. */
export function httpItemsPage(
  config: HttpSourceConfig,
  pageNumber: number,
  items: readonly unknown[],
): ItemsPage {
  return { source: config.id, pageId: `page ${pageNumber}`, kind: config.kind, format: 'items', items };
}

/** The whole API, page by page. Empty pages (possible mid-stream with cursors) are skipped. */
export function createHttpSource(config: HttpSourceConfig, deps: HttpSourceDeps = {}): MetricsSource {
  return {
    id: config.id,
    kind: config.kind,
    async *pages() {
      let position: string | null = null;
      let requested = 0;
      do {
        requested += 1;
        const page: FetchedPage = await fetchPage(config, position, deps);
        if (page.items.length > 0) yield httpItemsPage(config, requested, page.items);
        position = page.next;
      } while (position !== null);
    },
  };
}
