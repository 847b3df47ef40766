import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface TimedRun {
  /** Wall time of the whole process, from spawn to exit, start-up included. */
  readonly seconds: number;
  /** User + system CPU time of the process and all its threads; null where /proc is missing. */
  readonly cpuSeconds: number | null;
  readonly stdout: string;
}

/** Runs a command to completion and times it; a non-zero exit rejects with the command's stderr. */
export function timeProcess(command: string, args: readonly string[], cwd: string): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const cpuBefore = reapedChildrenCpuSeconds();
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpuAfter = reapedChildrenCpuSeconds();
      const cpuSeconds = cpuBefore === null || cpuAfter === null ? null : Math.round((cpuAfter - cpuBefore) * 100) / 100;
      if (code === 0) return resolve({ seconds, cpuSeconds, stdout: Buffer.concat(stdout).toString() });
      const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
      reject(new Error(`${command} ${args.join(' ')}: ${why}\n${Buffer.concat(stderr).toString().trim()}`));
    });
  });
}

/**
 * CPU seconds used so far by this process's exited children (cutime + cstime in /proc/self/stat,
 * in USER_HZ = 100 ticks). The delta around one child is that child's CPU time, which, unlike wall
 * time, hardly moves when other work shares the machine.
 */
function reapedChildrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesised command name start at field 3 (state); cutime is 16, cstime 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/** The Pillow version `python` can import, or null when it has no Pillow (or does not exist). */
export function pillowVersion(python: string): string | null {
  const probe = spawnSync(python, ['-c', 'import PIL; print(PIL.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
