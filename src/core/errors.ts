// One error class for everything a user can fix: a stable code, a location, a fix, and an exit code.

export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
}

export interface ProblemDetail extends ErrorLocation {
  message: string;
  code?: string;
}

/**
 * A problem with the user's input, configuration or codebook. The CLI prints `message`
 * (and each detail) without a stack trace and exits with `exitCode` (2 unless said otherwise).
 */
export class PeerFidelityError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly location: ErrorLocation;
  /** When several problems were collected before failing, each one is listed here. */
  readonly details: ProblemDetail[];

  constructor(
    code: string,
    message: string,
    options: { location?: ErrorLocation; details?: ProblemDetail[]; exitCode?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PeerFidelityError';
    this.code = code;
    this.exitCode = options.exitCode ?? 2;
    this.location = options.location ?? {};
    this.details = options.details ?? [];
  }
}

/** `file:line:column` for messages, leaving out the parts that are unknown. */
export function formatLocation(loc: ErrorLocation): string {
  if (!loc.file) return '';
  let out = loc.file;
  if (loc.line !== undefined) {
    out += `:${loc.line}`;
    if (loc.column !== undefined) out += `:${loc.column}`;
  }
  return out;
}
