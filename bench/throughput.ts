/**
 * Throughput of a pass over many tenants, one thread: ROUNDS rounds of whole passes lasting at
 * least ROUND_SECONDS each, after one warm-up pass; the best round, since other processes on a
 * shared machine only ever slow a round down. Measured by the wall clock and by this process's
 * CPU time (all its threads, GC included): on a busy machine the wall clock swings with the
 * neighbours' load, CPU time much less, so comparisons of runs made minutes apart use CPU time.
 */

const ROUNDS = 5;
const ROUND_SECONDS = 0.5;

export interface Throughput {
  readonly tenantsPerSecond: number;
  readonly tenantsPerCpuSecond: number;
}

export function throughput(tenants: number, pass: () => void): Throughput {
  pass();
  let bestWall = 0;
  let bestCpu = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let passes = 0;
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    do {
      pass();
      passes++;
    } while (performance.now() - started < ROUND_SECONDS * 1000);
    const cpu = process.cpuUsage(cpuStarted);
    bestWall = Math.max(bestWall, (tenants * passes) / ((performance.now() - started) / 1000));
    bestCpu = Math.max(bestCpu, (tenants * passes) / ((cpu.user + cpu.system) / 1e6));
  }
  return { tenantsPerSecond: Math.round(bestWall), tenantsPerCpuSecond: Math.round(bestCpu) };
}
