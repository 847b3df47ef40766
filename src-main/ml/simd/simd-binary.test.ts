import { describe, expect, it } from 'vitest';
import { binaryModuleText, compileSimdKernels } from '../../../scripts/build-simd';
import { SIMD_KERNELS_WASM_BASE64 } from './simd-binary';

const WASM_DATA_SECTION = 11;

/** Section ids of a wasm binary, in order. */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8;
  while (at < bytes.length) {
    ids.push(bytes[at++]);
    let size = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      size |= (byte & 0x7f) << shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    at += size;
  }
  return ids;
}

describe('the SIMD kernels module', () => {
  it('is what its AssemblyScript source compiles to (run `npm run build:simd` after editing it)', async () => {
    const binary = await compileSimdKernels();
    expect(Buffer.from(SIMD_KERNELS_WASM_BASE64, 'base64').equals(Buffer.from(binary))).toBe(true);
    expect(binaryModuleText(binary)).toContain(SIMD_KERNELS_WASM_BASE64);
  }, 60_000);

  it('imports only the backend memory and writes nothing into it on instantiation', () => {
    const bytes = Buffer.from(SIMD_KERNELS_WASM_BASE64, 'base64');
    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(sectionIds(bytes)).not.toContain(WASM_DATA_SECTION);
  });
});
