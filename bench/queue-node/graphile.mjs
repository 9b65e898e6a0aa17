// graphile-worker: enqueue N jobs (graphile_worker.add_jobs, 500 per call), then a runner with W
// concurrency completes them with a no-op task. A job counts once 'job:complete' fires, which is
// after its complete_job statement returned, so the clock stops when the last completion is durable.
import { run, makeWorkerUtils, Logger } from 'graphile-worker';
import { parseArgs } from './args.mjs';

const { url, workers, tasks } = parseArgs(process.argv);
// graphile-worker logs every completed job at info level; a silent logger keeps console I/O out of
// the measurement (AgentHub's side logs nothing per task either).
const logger = new Logger(() => () => {});
const utils = await makeWorkerUtils({ connectionString: url, logger });
await utils.migrate();

const started = performance.now();
// WorkerUtils has only addJob (one per round trip) in 0.16; add_jobs is the library's own bulk
// function, so enqueueing costs the same number of round trips as the other subjects.
await utils.withPgClient(async (client) => {
  for (let i = 0; i < tasks; i += 500) {
    const specs = Array.from({ length: Math.min(500, tasks - i) }, (_, k) => ({ identifier: 'work', payload: { n: i + k } }));
    await client.query(
      'select count(*) from graphile_worker.add_jobs(array(select json_populate_record(null::graphile_worker.job_spec, j) from json_array_elements($1::json) j))',
      [JSON.stringify(specs)]);
  }
});

let done = 0;
let finish;
const finished = new Promise((resolve) => { finish = resolve; });
const runner = await run({
  connectionString: url,
  concurrency: workers,
  maxPoolSize: workers + 2,
  noHandleSignals: true,
  pollInterval: 500,
  logger,
  taskList: { work: async () => {} },
});
runner.events.on('job:complete', () => { if (++done === tasks) finish(); });
await finished;
const seconds = (performance.now() - started) / 1000;
await runner.stop();
await utils.release();
console.log(JSON.stringify({ completed: done, seconds }));
