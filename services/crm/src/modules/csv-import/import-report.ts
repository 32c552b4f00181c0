import type { DuplicateMatch } from '../duplicate/duplicate';

export interface ImportRowError {
  /** 1-based line of the file; the header is row 1. */
  row: number;
  field: string;
  message: string;
}

export interface ImportDuplicate {
  row: number;
  matches: DuplicateMatch[];
  /** An earlier row of the same file it repeats; 0 when none. */
  duplicateOfRow: number;
}

export interface ImportReport {
  totalRows: number;
  created: number;
  errors: ImportRowError[];
  duplicates: ImportDuplicate[];
}

/** More rows than this in one file is refused up front (split the file). */
export const MAX_IMPORT_ROWS = 200_000;
/** Rows written per transaction: a crash loses at most the batch in flight. */
export const IMPORT_BATCH = 5_000;
/** Rows per export page. */
export const EXPORT_PAGE = 5_000;
