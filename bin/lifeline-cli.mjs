#!/usr/bin/env node
// The `lifeline` command: the CLI is TypeScript, run through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../lambdas/cli/main.ts');
