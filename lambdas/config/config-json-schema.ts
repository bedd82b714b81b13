import { z } from 'zod';
import { ProductConfigSchema } from './product-config';

/**
 * JSON Schema of the product config, committed as lifeline.config.schema.json and referenced by
 * the config's "$schema": editors then complete and document every field as you type.
 */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(ProductConfigSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'Lifeline product config' }, null, 2)}\n`;
}
