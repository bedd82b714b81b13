import { SingleBar } from 'cli-progress';

/** A progress bar on stderr when it is a terminal; silent in CI logs and pipes. */
export function progressReporter(
  label: string,
  unit: string,
): { update: (done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label.padEnd(10)} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted}`,
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  let stopped = false;
  return {
    update: (done, total) => {
      if (stopped) return;
      if (!started) {
        bar.start(total, done);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}
