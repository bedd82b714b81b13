import { canonicalJson } from '../canonical-json';
import { checkModel } from './check-model';
import { ModelFormatError } from './errors';
import { type AdditiveModel, AdditiveModelSchema, MODEL_FORMAT } from './model-schema';

/** The model as JSON text with sorted keys: the same model always gives the same bytes. */
export function serializeModel(model: AdditiveModel): string {
  return canonicalJson(model);
}

/** Reads a stored model (JSON text or an already decoded value); throws ModelFormatError on anything off. */
export function parseModel(input: string | unknown): AdditiveModel {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new ModelFormatError(`model is not JSON: ${(error as Error).message}`);
    }
  }
  const parsed = AdditiveModelSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
    throw new ModelFormatError(`model does not match ${MODEL_FORMAT}: ${issues.join('; ')}`);
  }
  checkModel(parsed.data);
  return parsed.data;
}
