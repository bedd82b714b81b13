/**
 * A stored item that does not have the shape this code wrote. Raised instead of passing
 * half-read data on: a corrupt profile must stop that tenant's scoring, not skew it.
 */
export class StoredItemInvalidError extends Error {
  override readonly name = 'StoredItemInvalidError';
  constructor(
    readonly key: { readonly PK: string; readonly SK: string },
    detail: string,
  ) {
    super(`stored item ${key.PK} / ${key.SK} is invalid: ${detail}`);
  }
}
