/** A stored model that does not match the format (bad JSON, wrong shape, inconsistent tables). */
export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
}

/** Training cannot produce a meaningful model from this data (e.g. only one class). */
export class TrainingError extends Error {
  override readonly name = 'TrainingError';
}
