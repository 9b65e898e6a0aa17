// pg-boss: enqueue N jobs (insert, 500 per call), then W workers each loop fetch(batch) → complete
// with a no-op handler until the queue is empty: the same closed loop as AgentHub's benchmark.
// boss.work() is not used: its loop sleeps pollingIntervalSeconds (at least 0.5 s) after every
// fetch, busy or not, so it measures the polling interval rather than the queue.
import PgBoss from 'pg-boss';
import { parseArgs } from './args.mjs';

const { url, workers, tasks, batch } = parseArgs(process.argv);
const boss = new PgBoss({ connectionString: url, max: workers + 2, supervise: false, schedule: false });
boss.on('error', (e) => console.error(e.message));
await boss.start();
await boss.createQueue('work');

const started = performance.now();
for (let i = 0; i < tasks; i += 500) {
  // pg-boss 10 takes the queue name per job.
  await boss.insert(Array.from({ length: Math.min(500, tasks - i) }, (_, k) => ({ name: 'work', data: { n: i + k } })));
}

let done = 0;
const worker = async () => {
  while (true) {
    const jobs = await boss.fetch('work', { batchSize: batch });
    if (!jobs || jobs.length === 0) return;
    await boss.complete('work', jobs.map((j) => j.id));
    done += jobs.length;
  }
};
await Promise.all(Array.from({ length: workers }, worker));
const seconds = (performance.now() - started) / 1000;
await boss.stop({ graceful: false, wait: false });
console.log(JSON.stringify({ completed: done, seconds }));
process.exit(0);
