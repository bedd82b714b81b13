/**
 * Everything local talks to AWS APIs through endpoint overrides with these dummy credentials.
 * DynamoDB Local runs with -sharedDb, so the credentials only need to look valid (letters and
 * digits only: DynamoDB Local 2+ rejects other access key ids).
 */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'lifelinelocal', secretAccessKey: 'lifelinelocal' } as const;
export const LOCAL_TABLE_NAME = 'lifeline-local';
