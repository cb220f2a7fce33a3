/** The CLI's one error: a message for standard error and the exit status it ends the run with. */
export class CliError extends Error {
  constructor(
    message: string,
    /** 2: bad usage, a bad config file, an unreadable path or an unwritable output. */
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
