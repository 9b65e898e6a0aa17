// graphile-worker: enqueue N jobs, then a runner with W concurrency completes them (no-op task).
import { run, makeWorkerUtils } from 'graphile-worker';
import { parseArgs, percentiles } from './args.mjs';

const { url, workers, tasks } = parseArgs(process.argv);
const utils = await makeWorkerUtils({ connectionString: url });
await utils.migrate();
const started = performance.now();
for (let i = 0; i < tasks; i += 500) {
  const chunk = Array.from({ length: Math.min(500, tasks - i) }, (_, k) => ({ identifier: 'work', payload: { n: i + k } }));
  await utils.addJobs(chunk);
}
let done = 0;
const latencies = [];
let finish;
const finished = new Promise((resolve) => { finish = resolve; });
const runner = await run({
  connectionString: url,
  concurrency: workers,
  maxPoolSize: workers + 2,
  noHandleSignals: true,
  pollInterval: 500,
  logger: undefined,
  taskList: {
    work: async (_payload, helpers) => {
      latencies.push(Date.now() - new Date(helpers.job.run_at).getTime());
      if (++done === tasks) finish();
    },
  },
});
await finished;
const seconds = (performance.now() - started) / 1000;
await runner.stop();
await utils.release();
console.log(JSON.stringify({ completed: done, seconds }));
