/**
 * Tenant text on one line: feeds carry free-form names that may hold newlines or control
 * characters, which have no place in a subject line (header injection) or a greeting.
 */
export function oneLine(text: string | undefined | null): string {
  return (text ?? '').replace(/[\p{Cc}\s]+/gu, ' ').trim();
}
