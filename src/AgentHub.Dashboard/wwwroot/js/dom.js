// DOM building for the whole page. Text from the hub (names, steps, message bodies, errors) only ever
// goes in through textContent or attribute values, never through innerHTML, so no row can inject markup.

/**
 * Creates an element. props: `class`, `text`, `dataset` (object), `on` (event → handler), `style`
 * (object, set through CSSOM, which the page's Content-Security-Policy allows), anything else as an
 * attribute (null/false skipped, true as ""). Children: nodes, strings (text nodes), arrays, null.
 */
export function h(tag, props = {}, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.setAttribute('class', value);
    else if (name === 'text') el.textContent = String(value);
    else if (name === 'dataset') Object.entries(value).forEach(([k, v]) => { if (v !== null && v !== undefined) el.dataset[k] = String(v); });
    else if (name === 'on') Object.entries(value).forEach(([event, handler]) => el.addEventListener(event, handler));
    else if (name === 'style') Object.assign(el.style, value);
    else if (name === 'value' && 'value' in el) el.value = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside el. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const signatures = new WeakMap();

/**
 * Keeps a container's children in step with `items`, matched by key. A row is rebuilt only when its
 * signature (a string of what it shows) changed, and never while it holds the focus: a priority being
 * typed survives the live updates that arrive meanwhile.
 */
export function reconcile(container, items, { key, signature, render }) {
  const old = new Map();
  for (const el of container.children) old.set(el.dataset.key, el);
  const next = items.map((item) => {
    const k = String(key(item));
    const sig = signature(item);
    const el = old.get(k);
    old.delete(k);
    if (el && (signatures.get(el) === sig || el.contains(document.activeElement))) return el;
    const fresh = render(item);
    fresh.dataset.key = k;
    signatures.set(fresh, sig);
    if (el) el.replaceWith(fresh);
    return fresh;
  });
  for (const el of old.values()) el.remove();
  next.forEach((el, i) => {
    if (container.children[i] !== el) container.insertBefore(el, container.children[i] ?? null);
  });
}

/** A labelled progress bar; aria-valuenow carries the number (tests and screen readers read it). */
export function progressBar(value, label) {
  const pct = Math.max(0, Math.min(100, Number(value) || 0));
  return h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(pct), 'aria-label': label ?? 'progress' },
    h('div', { class: 'progress-fill', style: { width: `${pct}%` } }),
    h('span', { class: 'progress-text', text: `${Math.round(pct)}%` }));
}

/** A coloured status word. */
export function badge(status) {
  return h('span', { class: `badge status-${status}`, text: String(status ?? '').replaceAll('_', ' ') });
}

/** A select with options [{value, label}], the given one selected. */
export function select(props, options, selected) {
  return h('select', props, options.map((o) => h('option', { value: o.value, selected: o.value === selected, text: o.label })));
}

/** An empty-state line. */
export const empty = (text) => h('p', { class: 'empty', text });
