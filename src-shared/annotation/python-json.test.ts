import { describe, expect, it } from 'vitest';
import { parsePythonJson } from './python-json';

describe('parsePythonJson', () => {
  it('reads NaN and the infinities as Python json does', () => {
    expect(parsePythonJson('{"a": [NaN, Infinity, -Infinity, 1]}')).toEqual({ a: [NaN, Infinity, -Infinity, 1] });
  });

  it('leaves those words alone inside strings, escaped quotes included', () => {
    expect(parsePythonJson('{"label": "NaN \\" Infinity", "x": NaN}')).toEqual({ label: 'NaN " Infinity', x: NaN });
  });

  it('still refuses what Python refuses', () => {
    expect(() => parsePythonJson('{"x": nan}')).toThrow(SyntaxError);
    expect(() => parsePythonJson('{"x": NaNa}')).toThrow(SyntaxError);
  });
});
