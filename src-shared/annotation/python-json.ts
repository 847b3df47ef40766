/**
 * JSON as Python's `json.loads` reads it: standard JSON plus the bare tokens `NaN`, `Infinity` and
 * `-Infinity`, which the official tools accept (and `json.dump` writes for non-finite floats).
 * Standard JSON takes the fast path; only text that JSON.parse refuses is scanned for those tokens.
 */
export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const quoted = quoteNonFiniteTokens(text);
    if (quoted === null) throw error;
    return JSON.parse(quoted, (_key, value: unknown) => (typeof value === 'string' && value.startsWith(MARK) ? NON_FINITE[value] ?? value : value));
  }
}

// A prefix no real JSON string can start with unescaped, so a marked token cannot collide with data.
const MARK = '\u0000python-json:';
const NON_FINITE: Record<string, number> = {
  [`${MARK}NaN`]: NaN,
  [`${MARK}Infinity`]: Infinity,
  [`${MARK}-Infinity`]: -Infinity,
};

/** The text with each bare NaN / Infinity / -Infinity outside strings quoted with MARK; null when it has none. */
function quoteNonFiniteTokens(text: string): string | null {
  let out = '';
  let from = 0;
  let found = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    const token = c === 'N' ? 'NaN' : c === 'I' ? 'Infinity' : c === '-' && text[i + 1] === 'I' ? '-Infinity' : null;
    if (token === null || !text.startsWith(token, i)) continue;
    out += `${text.slice(from, i)}"\\u0000python-json:${token}"`;
    i += token.length - 1;
    from = i + 1;
    found = true;
  }
  return found ? out + text.slice(from) : null;
}
