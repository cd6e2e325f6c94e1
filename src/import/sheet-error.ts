/** Why a whole spreadsheet was refused before any row was read. */
export type SheetErrorCode =
  | 'unsupported_type'
  | 'too_large'
  | 'unreadable'
  | 'encoding'
  | 'empty'
  | 'no_header'
  | 'missing_columns'
  | 'no_rows'
  | 'too_many_rows';

/**
 * A spreadsheet that cannot be imported at all (wrong file type, too big, no header …). `replyText` is the
 * Chinese answer for the sender, saying what to do; `message` is the same in English for the log.
 */
export class SheetError extends Error {
  constructor(
    readonly code: SheetErrorCode,
    readonly replyText: string,
    message: string,
  ) {
    super(message);
    this.name = 'SheetError';
  }
}
