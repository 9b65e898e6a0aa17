// Completions and failures over time as a hand-drawn SVG bar chart. No chart library: one stacked bar
// chart is about sixty lines, a library would be the largest file the page loads, and the page must
// work offline with every asset served by the hub.
import { h } from './dom.js';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 34, right: 8, top: 12, bottom: 24 };

/**
 * @param finished iterable of { status: 'completed'|'failed', finished_at }
 * @param minutes how far back, one bar per minute
 */
export function completionChart(finished, now = Date.now(), minutes = 60) {
  const buckets = Array.from({ length: minutes }, () => ({ completed: 0, failed: 0 }));
  const start = now - minutes * 60000;
  for (const run of finished) {
    const at = Date.parse(run.finished_at);
    if (at < start || at > now || (run.status !== 'completed' && run.status !== 'failed')) continue;
    buckets[Math.min(minutes - 1, Math.floor((at - start) / 60000))][run.status] += 1;
  }
  const max = Math.max(1, ...buckets.map((b) => b.completed + b.failed));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const barW = plotW / minutes;
  const y = (count) => PAD.top + plotH - (count / max) * plotH;

  const bars = buckets.flatMap((b, i) => {
    if (!b.completed && !b.failed) return [];
    const x = PAD.left + i * barW + 1;
    const w = Math.max(1, barW - 2);
    const minute = new Date(start + i * 60000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return [h('svg:g', {},
      h('svg:title', { text: `${minute}: ${b.completed} completed, ${b.failed} failed` }),
      h('svg:rect', { class: 'bar-completed', x, width: w, y: y(b.completed), height: y(0) - y(b.completed) }),
      h('svg:rect', { class: 'bar-failed', x, width: w, y: y(b.completed + b.failed), height: y(b.completed) - y(b.completed + b.failed) }))];
  });
  const label = (x, yPos, text, anchor = 'middle') => h('svg:text', { x, y: yPos, 'text-anchor': anchor, class: 'axis-label', text });
  const totals = buckets.reduce((t, b) => ({ completed: t.completed + b.completed, failed: t.failed + b.failed }), { completed: 0, failed: 0 });

  return h('figure', { class: 'chart', id: 'completion-chart', dataset: { completed: totals.completed, failed: totals.failed } },
    h('svg:svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': `Runs finished in the last ${minutes} minutes: ${totals.completed} completed, ${totals.failed} failed` },
      h('svg:line', { class: 'axis', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0) }),
      h('svg:line', { class: 'grid', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(max), y2: y(max) }),
      label(PAD.left - 6, y(max) + 4, String(max), 'end'),
      label(PAD.left - 6, y(0) + 4, '0', 'end'),
      label(PAD.left, HEIGHT - 6, `−${minutes} min`, 'start'),
      label(PAD.left + plotW / 2, HEIGHT - 6, `−${minutes / 2} min`),
      label(WIDTH - PAD.right, HEIGHT - 6, 'now', 'end'),
      bars),
    h('figcaption', {},
      h('span', { class: 'legend legend-completed', text: `${totals.completed} completed` }),
      h('span', { class: 'legend legend-failed', text: `${totals.failed} failed` }),
      h('span', { class: 'muted', text: ` · runs per minute, last ${minutes} min` })));
}
