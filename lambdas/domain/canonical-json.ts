/**
 * Canonical JSON of a stored value. "Did this change?" must not depend on key order (DynamoDB
 * maps come back in any order), on undefined fields (dropped on write by removeUndefinedValues)
 * or on whether the feed spelled a number `1.50` or `1.5`.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalise(value));
}

export function sameContent(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter((item) => item !== undefined).map(canonicalise);
  }
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) {
      const field = source[key];
      if (field !== undefined) sorted[key] = canonicalise(field);
    }
    return sorted;
  }
  // Numbers past 2^53 come back from DynamoDB as bigint, which JSON.stringify refuses.
  if (typeof value === 'bigint') return { bigint: value.toString() };
  return value;
}
