/** The JWT claims API Gateway's authorizer passes on (arrays arrive as "[a b]" strings). */
export type JwtClaims = Readonly<Record<string, string | number | boolean | string[]>>;

export type IdentityCheck =
  | { readonly ok: true; readonly identity: { readonly id: string } }
  | { readonly ok: false; readonly statusCode: 401 | 403; readonly reason: string };

/**
 * Who is calling the console API, from the Cognito token's claims: the user's email (ID
 * token) or username (access token) as the audit's actor. No claims: 401. A valid user outside
 * the console's group: 403, so a customer-facing user pool cannot reach campaign data.
 */
export function consoleIdentity(claims: JwtClaims | undefined, group: string): IdentityCheck {
  if (claims === undefined) return { ok: false, statusCode: 401, reason: 'no identity: sign in first' };
  const id = [claims.email, claims['cognito:username'], claims.username, claims.sub].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  if (id === undefined) return { ok: false, statusCode: 401, reason: 'the token names no user' };
  if (!groupsOf(claims['cognito:groups']).includes(group)) {
    return { ok: false, statusCode: 403, reason: `${id} is not in the ${group} group` };
  }
  return { ok: true, identity: { id } };
}

function groupsOf(claim: JwtClaims[string] | undefined): string[] {
  if (Array.isArray(claim)) return claim;
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((group) => group !== '');
}
