import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32, zipStored } from './stored-zip';

const text = (s: string) => new TextEncoder().encode(s);
const ENTRIES = [
  { name: 'report/metrics.csv', data: text('epoch,miou\n1,0.25\n') },
  { name: 'masks/straße_gtFine_color.png', data: Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff) },
  { name: 'empty.txt', data: new Uint8Array(0) },
];
const dir = mkdtempSync(join(tmpdir(), 'segstudio-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Names and sizes from the central directory, read as an unzip tool reads it: from the end record. */
function centralDirectory(zip: Uint8Array): Array<{ name: string; size: number; crc: number; offset: number }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(at + 28, true);
    out.push({
      name: new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)),
      size: view.getUint32(at + 24, true), crc: view.getUint32(at + 16, true), offset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength;
  }
  return out;
}

function hasTool(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('zipStored', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('lists every entry in the central directory with its size, CRC and local header', () => {
    const zip = zipStored(ENTRIES);
    const listed = centralDirectory(zip);
    expect(listed.map((e) => [e.name, e.size, e.crc])).toEqual(ENTRIES.map((e) => [e.name, e.data.length, crc32(e.data)]));
    const view = new DataView(zip.buffer);
    for (const entry of listed) expect(view.getUint32(entry.offset, true)).toBe(0x04034b50);
  });

  it.runIf(hasTool('python3', ['-c', 'import zipfile']))('is read back byte for byte by Python\'s zipfile, CRCs checked', () => {
    const path = join(dir, 'python.zip');
    writeFileSync(path, zipStored(ENTRIES));
    const script = 'import sys, zipfile, json\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: list(z.read(i)) for i in z.infolist()}))';
    const read = JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as Record<string, number[]>;
    expect(Object.keys(read)).toEqual(ENTRIES.map((e) => e.name));
    for (const entry of ENTRIES) expect(read[entry.name]).toEqual([...entry.data]);
  });

  it.runIf(hasTool('unzip', ['-v']))('passes unzip -t', () => {
    const path = join(dir, 'unzip.zip');
    writeFileSync(path, zipStored(ENTRIES));
    expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toMatch(/No errors detected/);
  });
});
