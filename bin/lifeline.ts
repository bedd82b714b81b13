#!/usr/bin/env node
// CDK app entry (cdk.json "app"): `npx cdk synth`, optionally `-c config=path/to/lifeline.config.json`.
import { ConfigError } from '../lambdas/config/load-config';
import { buildApp } from '../lib/app';

try {
  buildApp();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // A bad config is the operator's to fix: show what is wrong, not a stack trace.
  console.error(error.message);
  process.exit(1);
}
