import { FEED_BUCKET_PREFIXES } from '../config/feed-bucket-layout';

export interface LandInput {
  readonly runId: string;
  readonly sourceId: string;
  /** Where to continue: null on the first call of a night. */
  readonly cursor: string | null;
  /** Pages landed so far this night; numbers the next page's object. */
  readonly page: number;
}

export interface LandOutput extends LandInput {
  readonly done: boolean;
  readonly landed: number;
}

export interface LandDeps {
  readonly fetchPage: (cursor: string | null) => Promise<{ items: readonly unknown[]; next: string | null }>;
  /** Stores one page under a key derived from (run, source, page number): a retry overwrites it. */
  readonly landPage: (pageNumber: number, items: readonly unknown[]) => Promise<void>;
  readonly pagesPerInvocation: number;
}

/**
 * Pulls up to `pagesPerInvocation` pages of a paginated API and lands each as an object for
 * the ingest fan-out. The state machine loops on the returned cursor, so no single Lambda
 * walks the whole API and a failure resumes from the last landed page.
 */
export async function landHttpPages(input: LandInput, deps: LandDeps): Promise<LandOutput> {
  let cursor = input.cursor;
  let page = input.page;
  let landed = 0;
  for (let i = 0; i < deps.pagesPerInvocation; i++) {
    const fetched = await deps.fetchPage(cursor);
    page += 1;
    await deps.landPage(page, fetched.items);
    landed += 1;
    cursor = fetched.next;
    if (cursor === null) return { ...input, cursor, page, done: true, landed };
  }
  return { ...input, cursor, page, done: false, landed };
}

/** Landed pages are JSON Lines, so ingest reads them like any other feed object. */
export function landedPageKey(runId: string, sourceId: string, pageNumber: number): string {
  return `${FEED_BUCKET_PREFIXES.landing}${runId}/${sourceId}/page-${String(pageNumber).padStart(6, '0')}.jsonl`;
}
