import { z } from 'zod';
import { CAUSE_IDS } from '../../domain/cause-ids';
import { NotReviewableError } from '../../domain/console/review';
import { EmailCopyError } from '../../domain/emails/render-play-email';
import type { HttpResponse } from '../../domain/plays/unsubscribe-page';
import { CopyOverridesSchema, MergeDataError } from '../campaigns/compose-play-email';
import { listApprovals, reviewApproval, reviewApprovals } from './approvals';
import type { ConsoleDeps, ConsoleIdentity } from './console-deps';
import { ConsoleConflictError, ConsoleInputError, ConsoleNotFoundError } from './console-errors';
import { switchPlay } from './play-switch';
import { playEffects, playsOverview } from './plays-overview';
import { campaignEmail, SendsQuerySchema, searchSends } from './sends';
import { tenantView } from './tenant-view';
import { tonightPlan } from './tonight';

/** An API request as the Lambda (API Gateway HTTP API) or the local server received it. */
export interface ConsoleRequest {
  readonly method: string;
  /** The path below the site root, e.g. "/api/approvals/t-1%7Clow_adoption%7C2026-11-22". */
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body: string | undefined;
  readonly identity: ConsoleIdentity;
}

export const MAX_BODY_BYTES = 64 * 1024;
const MAX_BULK = 100;

const ReviewBodySchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve') }).strict(),
  z.object({ action: z.literal('skip') }).strict(),
  z
    .object({ action: z.literal('edit_and_approve'), copy: CopyOverridesSchema })
    .strict()
    .refine((body) => body.copy.subject !== undefined || body.copy.intro !== undefined, {
      message: 'edit_and_approve needs copy.subject or copy.intro',
      path: ['copy'],
    }),
]);
const BulkBodySchema = z
  .object({
    action: z.enum(['approve', 'skip']),
    keys: z.array(z.string().min(1).max(300)).min(1).max(MAX_BULK),
  })
  .strict();
const PlayParamSchema = z.enum(CAUSE_IDS);
const AuditQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }).strict();
const EmailQuerySchema = z.object({ recipient: z.string().min(3).max(320).optional() }).strict();
const NoQuerySchema = z.object({}).strict();

interface RouteInput<Q> {
  readonly request: ConsoleRequest;
  /** The pattern's captures, URL-decoded. */
  readonly params: readonly string[];
  readonly query: Q;
}

interface Route {
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  /** Parses the query string; every route refuses parameters it does not know. */
  readonly query: z.ZodType;
  readonly handle: (input: RouteInput<never>, deps: ConsoleDeps) => Promise<unknown>;
}

function route<Q extends z.ZodType>(
  method: Route['method'],
  pattern: RegExp,
  query: Q,
  handle: (input: RouteInput<z.infer<Q>>, deps: ConsoleDeps) => Promise<unknown>,
): Route {
  return { method, pattern, query, handle: handle as Route['handle'] };
}

/** The console API: one table from method and path to use case, shared by Lambda and `lifeline serve`. */
const ROUTES: readonly Route[] = [
  route('GET', /^\/api\/me$/, NoQuerySchema, async ({ request }) => ({ id: request.identity.id })),
  route('GET', /^\/api\/plays$/, NoQuerySchema, (_, deps) => playsOverview(deps)),
  route('GET', /^\/api\/plays\/effects$/, NoQuerySchema, async (_, deps) => ({
    report: await playEffects(deps),
  })),
  route('POST', /^\/api\/plays\/([^/]+)\/(pause|resume)$/, NoQuerySchema, ({ request, params }, deps) =>
    switchPlay(parse(PlayParamSchema, params[0], 'play'), params[1] === 'pause', request.identity, deps),
  ),
  route('GET', /^\/api\/tonight$/, NoQuerySchema, (_, deps) => tonightPlan(deps)),
  route('GET', /^\/api\/approvals$/, NoQuerySchema, (_, deps) => listApprovals(deps)),
  route('POST', /^\/api\/approvals$/, NoQuerySchema, async ({ request }, deps) => {
    const body = parse(BulkBodySchema, jsonBody(request));
    return { results: await reviewApprovals(body.keys, body.action, request.identity, deps) };
  }),
  route('POST', /^\/api\/approvals\/([^/]+)$/, NoQuerySchema, ({ request, params }, deps) => {
    const body = parse(ReviewBodySchema, jsonBody(request));
    const copy = body.action === 'edit_and_approve' ? body.copy : null;
    return reviewApproval(params[0] as string, body.action, copy, request.identity, deps);
  }),
  route('GET', /^\/api\/sends$/, SendsQuerySchema, ({ query }, deps) => searchSends(query, deps)),
  route('GET', /^\/api\/sends\/([^/]+)\/email$/, EmailQuerySchema, ({ params, query }, deps) =>
    campaignEmail(params[0] as string, query.recipient, deps),
  ),
  route('GET', /^\/api\/tenants\/([^/]+)$/, NoQuerySchema, ({ params }, deps) =>
    tenantView(params[0] as string, deps),
  ),
  route('GET', /^\/api\/audit$/, AuditQuerySchema, async ({ query }, deps) => ({
    entries: await deps.console.recentAudit(query.limit, deps.clock()),
  })),
];

const HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/**
 * Maps one API request to its use case and the outcome to a JSON response: input errors are
 * 400 with every bad field named, unknown routes 404, wrong methods 405, state conflicts 409.
 * `onError` sees what is not the caller's fault (500) before the generic answer goes out.
 */
export async function handleConsoleRequest(
  request: ConsoleRequest,
  deps: ConsoleDeps,
  onError: (error: unknown) => void = () => undefined,
): Promise<HttpResponse> {
  const matching = ROUTES.map((route) => ({ route, match: route.pattern.exec(request.path) })).filter(
    (candidate) => candidate.match !== null,
  );
  if (matching.length === 0) return json(404, { error: { code: 'not_found', message: 'no such API route' } });
  const found = matching.find((candidate) => candidate.route.method === request.method.toUpperCase());
  if (!found?.match) {
    return {
      ...json(405, {
        error: { code: 'method_not_allowed', message: `${request.method} is not allowed here` },
      }),
      headers: { ...HEADERS, allow: matching.map((candidate) => candidate.route.method).join(', ') },
    };
  }
  try {
    const params = found.match.slice(1).map((segment) => decodeSegment(segment ?? ''));
    const query = parse(found.route.query, request.query, 'query') as never;
    return json(200, await found.route.handle({ request, params, query }, deps));
  } catch (error) {
    const mapped = errorResponse(error);
    if (mapped) return mapped;
    onError(error);
    return json(500, { error: { code: 'internal', message: 'internal error; the request was logged' } });
  }
}

function errorResponse(error: unknown): HttpResponse | null {
  if (error instanceof ConsoleInputError || error instanceof EmailCopyError) {
    return json(400, { error: { code: 'bad_request', message: error.message } });
  }
  if (error instanceof ConsoleNotFoundError)
    return json(404, { error: { code: 'not_found', message: error.message } });
  if (
    error instanceof ConsoleConflictError ||
    error instanceof NotReviewableError ||
    error instanceof MergeDataError
  ) {
    return json(409, { error: { code: 'conflict', message: error.message } });
  }
  return null;
}

function parse<T extends z.ZodType>(schema: T, value: unknown, name?: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const detail = z.prettifyError(result.error);
    throw new ConsoleInputError(name ? `${name}: ${detail}` : detail);
  }
  return result.data;
}

function jsonBody(request: ConsoleRequest): unknown {
  if (request.body === undefined || request.body === '')
    throw new ConsoleInputError('a JSON body is required');
  if (Buffer.byteLength(request.body) > MAX_BODY_BYTES) {
    throw new ConsoleInputError(`the body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  try {
    return JSON.parse(request.body) as unknown;
  } catch {
    throw new ConsoleInputError('the body is not valid JSON');
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ConsoleInputError(`bad path segment: ${segment}`);
  }
}

function json(statusCode: number, body: unknown): HttpResponse {
  return { statusCode, headers: HEADERS, body: JSON.stringify(body) };
}
