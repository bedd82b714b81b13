import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';

/** One logger, metrics and tracer per function (service name and namespace come from env). */
export const logger = new Logger();
export const metrics = new Metrics();
export const tracer = new Tracer();

/**
 * The house middleware stack: JSON logs with the request context, X-Ray, and metrics flushed
 * after every invocation. Errors are logged once here and rethrown: these are scheduled jobs,
 * and Step Functions must see the failure to retry or fail the run.
 */
export function handlerWith<TEvent, TResult>(useCase: (event: TEvent, context: Context) => Promise<TResult>) {
  return middy(useCase)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .onError(async (request) => {
      logger.error('invocation failed', { error: request.error ?? undefined });
    });
}
