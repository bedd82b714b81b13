/** Errors the console's use cases raise; console-api.ts maps each to one HTTP status. */

/** Bad input: a query or body that does not parse (400). */
export class ConsoleInputError extends Error {
  override readonly name = 'ConsoleInputError';
}

/** No such decision, tenant or route (404). */
export class ConsoleNotFoundError extends Error {
  override readonly name = 'ConsoleNotFoundError';
}

/** The action does not fit the current state: reviewed already, paused in the config (409). */
export class ConsoleConflictError extends Error {
  override readonly name = 'ConsoleConflictError';
}
