/**
 * `text` with every control character written as an escape (`\n`, `\x1b`…), so that a file name or a
 * JSON excerpt quoted in an error line can neither start a new, forged line nor drive the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => {
    switch (char) {
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
}
