/**
 * The unsubscribe endpoint's responses, the same in Lambda and in the local server. GET shows a
 * confirmation form (link scanners must not unsubscribe anyone), POST unsubscribes: both the
 * form and mail clients' RFC 8058 one-click POST land there.
 */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type UnsubscribeView =
  | { readonly kind: 'confirm'; readonly token: string; readonly maskedEmail: string }
  | { readonly kind: 'done'; readonly maskedEmail: string }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'method_not_allowed' };

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

export function unsubscribeResponse(view: UnsubscribeView): HttpResponse {
  switch (view.kind) {
    case 'confirm':
      return page(
        200,
        'Unsubscribe',
        `<p>Stop emails like this to <strong>${escapeHtml(view.maskedEmail)}</strong>?</p>
<form method="post"><input type="hidden" name="token" value="${escapeHtml(view.token)}">
<button type="submit">Unsubscribe</button></form>`,
      );
    case 'done':
      return page(
        200,
        'You are unsubscribed',
        `<p><strong>${escapeHtml(view.maskedEmail)}</strong> will get no more of these emails. Your account team can still reach you directly.</p>`,
      );
    case 'invalid':
      return page(
        400,
        'This link does not work',
        `<p>The unsubscribe link is invalid or has expired (${escapeHtml(view.reason)}). Reply to the email and we will take you off the list.</p>`,
      );
    case 'method_not_allowed':
      return { statusCode: 405, headers: { ...HEADERS, allow: 'GET, POST' }, body: 'Method not allowed' };
  }
}

function page(statusCode: number, title: string, content: string): HttpResponse {
  return {
    statusCode,
    headers: HEADERS,
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1rem}</style></head>
<body><h1>${title}</h1>${content}</body></html>`,
  };
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
