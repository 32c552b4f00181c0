import type { crmV1 } from '@salesflow/contracts';
import type { Request, Response } from 'express';
import { UnsupportedMediaTypeError } from '../../http/http-errors';
import { validate } from '../../http/validate';
import { CSV_MEDIA_TYPE, csvBodySchema, type ImportReportJson } from '../schemas/crm-import.schemas';
import { duplicateMatchToJson } from './duplicate.mapper';

export function importReportToJson(report: crmV1.ImportReport | undefined): ImportReportJson {
  return {
    totalRows: report?.totalRows ?? 0,
    created: report?.created ?? 0,
    errors: (report?.errors ?? []).map((e) => ({ row: e.row, field: e.field, message: e.message })),
    duplicates: (report?.duplicates ?? []).map((d) => ({
      row: d.row,
      matches: d.matches.map(duplicateMatchToJson),
      duplicateOfRow: d.duplicateOfRow || null,
    })),
  };
}

/** The uploaded CSV (parsed by the app's text/csv body parser); 415 for another media type. */
export function csvBodyOf(req: Request): string {
  if (!req.is(CSV_MEDIA_TYPE)) throw new UnsupportedMediaTypeError(CSV_MEDIA_TYPE);
  return validate(csvBodySchema, req.body, 'body');
}

/**
 * Streams an export page by page. The first page is fetched before anything is sent, so that
 * a refusal (permission, bad filter) is still a problem+json; a failure after that can only
 * cut the download short.
 */
export async function streamCsv(
  res: Response,
  filename: string,
  fetchPage: (cursor: string) => Promise<{ csv: string; nextCursor: string }>,
): Promise<void> {
  let page = await fetchPage('');
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  // The BOM makes spreadsheet programs read the file as UTF-8 (Chinese names).
  res.write('\ufeff');
  res.write(page.csv);
  while (page.nextCursor) {
    page = await fetchPage(page.nextCursor);
    res.write(page.csv);
  }
  res.end();
}
