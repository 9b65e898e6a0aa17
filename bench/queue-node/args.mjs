// Shared by both scripts: --url, --workers, --tasks, --batch; and latency percentiles.
export function parseArgs(argv) {
  const get = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
  return { url: get('--url'), workers: Number(get('--workers', 8)), tasks: Number(get('--tasks', 10000)), batch: Number(get('--batch', 1)) };
}

export function percentiles(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : 0;
  return { p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
}
