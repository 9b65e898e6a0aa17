// Hash routes (#/runs/<id>?agent=…), so the hub serves one page and a reload keeps the place.

/** The current route: { path: ['runs', '<id>'], params: URLSearchParams }. */
export function currentRoute() {
  const [path, query] = window.location.hash.replace(/^#\/?/, '').split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query ?? '') };
}

/** A link target: href('runs', id) → "#/runs/<id>"; params (an object) become the query, empty values dropped. */
export function href(...parts) {
  const params = typeof parts[parts.length - 1] === 'object' ? parts.pop() : null;
  const query = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== '' && v !== false)).toString() : '';
  return `#/${parts.map(encodeURIComponent).join('/')}${query ? `?${query}` : ''}`;
}

/** Changes the query of the current route without adding a history entry (filters). */
export function replaceParams(params) {
  const { path } = currentRoute();
  window.history.replaceState(null, '', href(...path, params));
}
