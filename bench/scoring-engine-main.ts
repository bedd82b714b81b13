/**
 * The scoring engine bench in a process of its own (run.ts starts it): the steps before it in
 * `npm run bench` leave a heap of their data and V8's allocation feedback from their own use of
 * the same code (which objects live long), and the engine would pay for both. A score shard is
 * its own process too.
 */
import { benchScoringEngine } from './scoring-engine';

const tenants = Number(process.argv[2] ?? 2000);
process.stdout.write(`${JSON.stringify(await benchScoringEngine(tenants))}\n`);
