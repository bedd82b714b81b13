import { z } from 'zod';

/** A task input the state machine should never send: a wiring bug or a hand-started execution gone wrong. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

/** Parses a handler's event; the error names every bad field and what was expected. */
export function parseInput<T extends z.ZodType>(schema: T, event: unknown): z.infer<T> {
  const result = schema.safeParse(event);
  if (!result.success) throw new InvalidInputError(`invalid input:\n${z.prettifyError(result.error)}`);
  return result.data;
}
