/**
 * A problem the user can fix (a bad setting, an unknown run, a file that cannot be read), as one line
 * that names the file or field. Services throw it; each transport maps it: the web host answers 400,
 * Electron rejects the IPC call with the message, the CLI prints the line and exits 1. Anything else
 * that escapes a service is an internal error.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
}

/** A bad setting, named by its field (`lr`, `arch`, `labels`…); callers may re-word the field (a CLI flag, a form label). */
export class SettingError extends UserError {
  override readonly name: string = 'SettingError';
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** Whether `error` is meant for the user as it is. */
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

export { printable } from './printable';
