import { Command } from 'commander';
import { registerBacktest } from './commands/backtest';
import { registerConfig } from './commands/config';
import { registerDemo } from './commands/demo';
import { registerGenerate } from './commands/generate';
import { registerReport } from './commands/report';
import { registerRun } from './commands/run';
import { registerServe } from './commands/serve';

const program = new Command()
  .name('lifeline')
  .description(
    'Lifeline: retention pipeline for B2B SaaS. Runs the nightly pipeline locally and tools around it.',
  )
  .showHelpAfterError();

registerRun(program);
registerGenerate(program);
registerDemo(program);
registerConfig(program);
registerBacktest(program);
registerReport(program);
registerServe(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Named errors are for people (bad config, bad flags, missing Java); anything else is a bug.
  if (
    error instanceof Error &&
    error.name.endsWith('Error') &&
    error.name !== 'Error' &&
    error.name !== 'TypeError'
  ) {
    console.error(`lifeline: ${error.name}: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
}
