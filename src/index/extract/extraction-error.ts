import { AccordError } from '../../errors.js';

/** A file whose text cannot be extracted: `message` says why, in words a moderator reads after the file name. */
export class ExtractionError extends AccordError {
  constructor(reason: string, hint: string, cause?: unknown) {
    super(reason, cause === undefined ? { hint } : { hint, cause });
    this.name = 'ExtractionError';
  }
}
