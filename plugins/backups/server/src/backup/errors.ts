/**
 * The two ways a backup or a restore stops on purpose, each with a message an operator can act on. The commands print
 * the message and exit 1; anything else that goes wrong is an unexpected failure, printed the same way.
 */

/** The backup cannot be trusted: a file is missing, has another size or another sha256 than the manifest says. */
export class BackupDamagedError extends Error {
  constructor(
    message: string,
    /** The file inside the backup that failed (as the manifest names it), when one did. */
    readonly file?: string,
  ) {
    super(message);
    this.name = 'BackupDamagedError';
  }
}

/** The backup is sound but may not go where it was asked to: another database kind, a newer schema, a target in use. */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}
