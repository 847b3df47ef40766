import { printable, UserError } from '../../src-shared/errors';

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends UserError {
  override readonly name: string = 'UsageError';
}

/**
 * Makes a service request from the command line's arguments. A service that refuses the request as
 * given (an unknown run, a missing folder, a bad setting) is answered by the command line: exit 2.
 * Failures once the work has started stay what they are.
 */
export async function requestFromArgs<T>(request: () => Promise<T> | T): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof UserError && !(error instanceof UsageError)) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Every failure is one line: 2 for a bad command line (parseArgs reports unknown or malformed flags with
 * ERR_PARSE_ARGS_* codes), 1 for bad input and for internal errors, whose stack SEGSTUDIO_DEBUG=1 prints.
 */
export function describeFailure(error: unknown): { exitCode: 1 | 2; line: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) return { exitCode: 2, line: firstLine(message) };
  if (error instanceof UserError) return { exitCode: 1, line: firstLine(message) };
  if (process.env.SEGSTUDIO_DEBUG && error instanceof Error) console.error(error.stack);
  return { exitCode: 1, line: `internal error: ${firstLine(message)}` };
}

/** The message's first line, with any control characters it quotes (file names, JSON excerpts) escaped. */
function firstLine(text: string): string {
  return printable(text.split('\n')[0]);
}
