// Formatting of times, durations, ids and JSON for display.

const units = [[86400, 'd'], [3600, 'h'], [60, 'min'], [1, 's']];

/** "12 s ago", "3 min ago"; "—" for nothing. */
export function ago(timestamp, now = Date.now()) {
  if (!timestamp) return '—';
  const seconds = Math.max(0, Math.round((now - Date.parse(timestamp)) / 1000));
  if (seconds < 2) return 'just now';
  const [size, unit] = units.find(([s]) => seconds >= s) ?? units[units.length - 1];
  return `${Math.floor(seconds / size)} ${unit} ago`;
}

/** Length of a span: "850 ms", "12.4 s", "3 min 5 s". Running spans end now. */
export function duration(start, end, now = Date.now()) {
  if (!start) return '—';
  const ms = Math.max(0, (end ? Date.parse(end) : now) - Date.parse(start));
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Local wall-clock time with seconds. */
export const clock = (timestamp) => (timestamp ? new Date(timestamp).toLocaleTimeString() : '—');

/** The first 8 characters of a uuid, enough to tell rows apart on screen. */
export const shortId = (id) => (id ? String(id).slice(0, 8) : '—');

/** JSON on one line, cut to `max` characters. */
export function compactJson(value, max = 160) {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** JSON indented for a <pre>. */
export const prettyJson = (value) => JSON.stringify(value, null, 2);

/** "97.5%"; "—" when there is nothing to rate. */
export const percent = (value) => (value === null || value === undefined ? '—' : `${Number(value).toFixed(Number(value) % 1 ? 1 : 0)}%`);

/** Byte counts as people read them. */
export function bytes(value) {
  if (value === null || value === undefined) return '—';
  if (value < 1024) return `${value} B`;
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${(value / 1024 / 1024).toFixed(1)} MiB`;
}
