// Shared by both scripts: --url, --workers, --tasks, --batch.
export function parseArgs(argv) {
  const get = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
  return { url: get('--url'), workers: Number(get('--workers', 8)), tasks: Number(get('--tasks', 10000)), batch: Number(get('--batch', 1)) };
}
