import type { QuarantineReason } from './quarantine';

/** One record as read from a page, before validation: a decoded value or why it could not be decoded. */
export type PageRecord =
  | { readonly line: number; readonly raw: string; readonly value: unknown }
  | { readonly line: number; readonly raw: string; readonly error: RecordError };

export interface RecordError {
  readonly reason: QuarantineReason;
  readonly detail: string;
}
