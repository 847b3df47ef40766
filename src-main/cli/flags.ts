import { UsageError } from './usage-error';

// Readers for command-line flag values; a bad value is a UsageError naming the flag.

export function parseSize(value: string): { width: number; height: number } {
  const match = /^(\d+)x(\d+)$/i.exec(value.trim());
  const [width, height] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!(width > 0 && height > 0)) throw new UsageError(`--size must be WIDTHxHEIGHT in pixels, e.g. 256x128, got ${JSON.stringify(value)}`);
  return { width, height };
}

export function parsePositiveInteger(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return number;
}

export function parsePositiveNumber(flag: string, value: string): number {
  const number = Number(value);
  if (!(number > 0 && Number.isFinite(number))) throw new UsageError(`${flag} must be a positive number, got ${JSON.stringify(value)}`);
  return number;
}

export function parseChoice(flag: string, value: string, choices: readonly string[]): string {
  if (!choices.includes(value)) throw new UsageError(`${flag}: unknown value ${JSON.stringify(value)} (choose from ${choices.join(', ')})`);
  return value;
}
