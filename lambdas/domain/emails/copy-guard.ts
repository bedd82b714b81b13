/**
 * Language no play may use (DESIGN.md, SOURCES.md 1-2): price concessions train customers to
 * ask for discounts and signal low value, and generic win-back lines show we do not know why
 * the customer is struggling. The tests scan every template and rendered email with this list;
 * the renderer checks edited copy with it before it goes out.
 */
export const BANNED_COPY: readonly RegExp[] = [
  /discount/i,
  /coupon/i,
  /voucher/i,
  /rebate/i,
  /cash ?back/i,
  /\d+\s*%\s*off\b/i,
  /\bper ?cent off\b/i,
  /\bhalf[- ]price\b/i,
  /\bprice[- ]?(?:cut|drop|reduction|match)/i,
  /\b(?:reduced|lower|special|introductory|loyalty)\s+(?:price|pricing|rate|fee)/i,
  /\bfree\s+(?:month|months|weeks?|year|upgrade|seats?|trial|extension)\b/i,
  /\b(?:months?|weeks?)\s+(?:for\s+)?free\b/i,
  /\bon the house\b/i,
  /\bpromo/i,
  /\bcheaper\b/i,
  /\bsave\s+\$?\d+/i,
  /\bwaive[ds]?\b/i,
  /\b(?:limited[- ]time|exclusive|special)\s+offer/i,
  /\bcredits?\s+(?:to|on)\s+your\s+(?:account|invoice|bill)/i,
  /\bwe miss you\b/i,
  /\bcome back\b/i,
];

/** The banned phrases found in a text, as written there. */
export function findBannedCopy(text: string): string[] {
  const found: string[] = [];
  for (const pattern of BANNED_COPY) {
    const match = pattern.exec(text);
    if (match) found.push(match[0]);
  }
  return found;
}
