// pg-boss: enqueue N jobs, then W work() subscriptions (batchSize = --batch) complete them (no-op).
import PgBoss from 'pg-boss';
import { parseArgs, percentiles } from './args.mjs';

const { url, workers, tasks, batch } = parseArgs(process.argv);
const boss = new PgBoss({ connectionString: url, max: workers + 2, supervise: false, schedule: false });
boss.on('error', (e) => console.error(e.message));
await boss.start();
await boss.createQueue('work');
const started = performance.now();
for (let i = 0; i < tasks; i += 500) {
  await boss.insert('work', Array.from({ length: Math.min(500, tasks - i) }, (_, k) => ({ data: { n: i + k } })));
}
let done = 0;
const latencies = [];
let finish;
const finished = new Promise((resolve) => { finish = resolve; });
for (let w = 0; w < workers; w++) {
  await boss.work('work', { batchSize: batch, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    const t = Date.now();
    for (const job of jobs) latencies.push(t - new Date(job.createdOn ?? job.createdon ?? t).getTime());
    done += jobs.length;
    if (done >= tasks) finish();
  });
}
await finished;
const seconds = (performance.now() - started) / 1000;
await boss.stop({ graceful: false, wait: false });
console.log(JSON.stringify({ completed: done, seconds }));
process.exit(0);
