import { z } from 'zod';

/** Parses the environment once at cold start: a misconfigured function fails before doing any work. */
export function parseEnv<T extends z.ZodType>(schema: T): z.infer<T> {
  const result = schema.safeParse(process.env);
  if (!result.success) throw new Error(`invalid Lambda environment:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** LIFELINE_SOURCES: the cloud sources of the product config, passed by the pipeline stack. */
export const sourcesJson = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON' });
    return z.NEVER;
  }
});
