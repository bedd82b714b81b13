import { type HttpResponse, unsubscribeResponse } from '../../domain/plays/unsubscribe-page';
import { checkUnsubscribeToken, type UnsubscribeDeps, unsubscribe } from './unsubscribe';

/** An HTTP request to the unsubscribe endpoint, as Lambda or the local server received it. */
export interface UnsubscribeRequest {
  readonly method: string;
  /** The token from the query string (links, one-click POST) or the form body (confirmation page). */
  readonly queryToken: string | undefined;
  readonly formBody: string | undefined;
}

/** The one mapping from request to response, shared by the Lambda handler and `lifeline serve`. */
export async function handleUnsubscribeRequest(
  request: UnsubscribeRequest,
  deps: UnsubscribeDeps,
): Promise<HttpResponse> {
  const method = request.method.toUpperCase();
  if (method === 'GET') {
    const token = request.queryToken ?? '';
    const checked = checkUnsubscribeToken(token, deps);
    return unsubscribeResponse(
      checked.ok
        ? { kind: 'confirm', token, maskedEmail: checked.maskedEmail }
        : { kind: 'invalid', reason: checked.reason },
    );
  }
  if (method === 'POST') {
    // RFC 8058 one-click posts "List-Unsubscribe=One-Click" to the link (token in the query);
    // the confirmation form posts the token in the body.
    const token = request.queryToken ?? new URLSearchParams(request.formBody ?? '').get('token') ?? '';
    const outcome = await unsubscribe(token, deps);
    return unsubscribeResponse(
      outcome.ok
        ? { kind: 'done', maskedEmail: outcome.maskedEmail }
        : { kind: 'invalid', reason: outcome.reason },
    );
  }
  return unsubscribeResponse({ kind: 'method_not_allowed' });
}
