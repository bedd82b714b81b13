import Mustache from 'mustache';

/**
 * Fills a compiled email template (scripts/emails) with its view. HTML escapes every value (no
 * template uses triple mustaches or {{& }}); plain text is filled as is: it has no markup to
 * break.
 */

const writer = new Mustache.Writer();
// Mustache's own cache keys on the template text plus its tags: a fresh 15 KB string to hash on
// every call, half of the render time. The compiled templates are parsed once here instead.
const parsed = new Map<string, Mustache.TemplateSpans>();

function fill(template: string, view: object, config: Mustache.RenderOptions): string {
  let spans = parsed.get(template);
  if (spans === undefined) {
    spans = Mustache.parse(template);
    parsed.set(template, spans);
  }
  // @types/mustache declares the tokens string[][]; they are what parse() returns.
  return writer.renderTokens(
    spans as unknown as string[][],
    new Mustache.Context(view),
    undefined,
    template,
    config,
  );
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/**
 * Every attribute in the compiled templates is quoted, so these five are all HTML needs.
 * Mustache's default also encodes "/" and "=", turning every href into entities that link
 * checkers and click-tracking rewriters may not decode.
 */
const html = { escape: (value: string) => value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c) };
export const plainText = { escape: (value: string) => value };

/** A compiled HTML template (one of the generated *HTML_TEMPLATES) filled, every value escaped. */
export function fillHtml(template: string, view: object): string {
  return fill(template, view, html);
}

/** A compiled plain-text template (one of the generated *TEXT_TEMPLATES) filled as is. */
export function fillText(template: string, view: object): string {
  return fill(template, view, plainText);
}
