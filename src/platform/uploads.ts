// Files sent with a form (multipart): parsed by multer into memory within fixed limits, the CSRF
// token checked right after parsing, and each file's type read from its content, not its name.
import path from 'node:path';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { fileTypeFromBuffer } from 'file-type';
import { verifyCsrf } from './csrf.js';

export const MAX_FILES = 5;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** The types a customer may attach (issue #18), by the extension file-type reports for the content. */
export const ALLOWED_TYPES = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type AllowedExt = keyof typeof ALLOWED_TYPES;

export const TYPES_TEXT = 'PDF, JPG, PNG, DOCX или XLSX';

export interface CheckedFile {
  /** A name safe to store and to send back: no path, no control characters, the real extension. */
  name: string;
  ext: AllowedExt;
  contentType: string;
  size: number;
  data: Buffer;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Why the files of a multipart form were not accepted (too big, too many), in Russian. */
    uploadError?: string;
  }
}

/** What a form's files may be: how many, how big, and what to say when they are not. */
export interface FileLimits {
  maxFiles: number;
  maxBytes: number;
  fields?: number;
  /** The messages for a file too big and for too many files. */
  tooLarge: string;
  tooMany: string;
}

/** The request form's attachments (issue #18). */
export const ATTACHMENTS: FileLimits = {
  maxFiles: MAX_FILES,
  maxBytes: MAX_FILE_BYTES,
  tooLarge: `Файл больше ${MAX_FILE_BYTES / 1024 / 1024} МБ: уменьшите его или разделите на части`,
  tooMany: `Можно приложить не больше ${MAX_FILES} файлов`,
};

function limitText(code: string, limits: FileLimits): string {
  switch (code) {
    case 'LIMIT_FILE_SIZE':
      return limits.tooLarge;
    case 'LIMIT_FILE_COUNT':
    case 'LIMIT_UNEXPECTED_FILE':
      return limits.tooMany;
    default:
      return 'Форма слишком большая: сократите текст или число файлов';
  }
}

/**
 * Parses a multipart form whose files come in `field` (mounted on the route, after the sign-in
 * check, so nobody anonymous gets a body buffered). Limits refused by multer leave
 * `req.uploadError` (and no files) for the route to show beside the field; the CSRF token is
 * checked first either way, from the fields parsed so far (the form puts `_csrf` first). The
 * route's path must be among setUpCsrf's `multipartPaths`.
 */
export function acceptFiles(field: string, limits: FileLimits = ATTACHMENTS): RequestHandler {
  const parse = multer({
    storage: multer.memoryStorage(),
    // browsers send the file name in UTF-8 ("акт.pdf"); busboy's default would read it as latin1
    defParamCharset: 'utf8',
    limits: {
      fileSize: limits.maxBytes,
      files: limits.maxFiles,
      fields: limits.fields ?? 20,
      fieldSize: 100 * 1024,
      parts: (limits.fields ?? 20) + limits.maxFiles + 5,
    },
  }).array(field, limits.maxFiles);
  return (req, res, next) => {
    parse(req, res, (err: unknown) => {
      req.body ??= {};
      verifyCsrf(req, res, (csrfErr?: unknown) => {
        if (csrfErr) return next(csrfErr);
        if (err instanceof multer.MulterError) {
          req.uploadError = limitText(err.code, limits);
          req.files = [];
          return next();
        }
        if (err) return next(err);
        next();
      });
    });
  };
}

/** The files multer parsed for this request (none for a form sent without files). */
export function uploadedFiles(req: Request): Express.Multer.File[] {
  return Array.isArray(req.files) ? req.files : [];
}

/** A file name without directories, control or quoting characters, at most 100 characters, with `ext`. */
export function safeFileName(original: string, ext: string): string {
  const base = path.posix
    .basename(original.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001F\u007F-\u009F"<>:|?*;]/g, '')
    .replace(/\.[^.]*$/, '')
    .trim()
    .slice(0, 100);
  return `${base || 'файл'}.${ext}`;
}

export type FileCheck = { ok: true; files: CheckedFile[] } | { ok: false; text: string };

/** What a form takes besides the request attachments' defaults: fewer types (a scan: PDF, JPG, PNG), other limits. */
export interface FileRules {
  types?: readonly AllowedExt[];
  /** The types as the refusal names them ("PDF, JPG или PNG"). */
  typesText?: string;
  limits?: FileLimits;
}

/**
 * Each file's type from its first bytes (magic numbers; for DOCX / XLSX the parts inside the ZIP):
 * a program renamed to .pdf is refused, and an empty file too.
 */
export async function checkFiles(
  files: readonly Express.Multer.File[],
  rules: FileRules = {},
): Promise<FileCheck> {
  const limits = rules.limits ?? ATTACHMENTS;
  const types: readonly string[] = rules.types ?? (Object.keys(ALLOWED_TYPES) as AllowedExt[]);
  if (files.length > limits.maxFiles) return { ok: false, text: limits.tooMany };
  const out: CheckedFile[] = [];
  for (const f of files) {
    const shown = safeFileName(f.originalname, '').replace(/\.$/, '');
    if (f.size === 0) return { ok: false, text: `Файл «${shown}» пустой` };
    if (f.size > limits.maxBytes) return { ok: false, text: limits.tooLarge };
    const type = await fileTypeFromBuffer(f.buffer);
    const ext = type?.ext as string | undefined;
    if (!ext || !(ext in ALLOWED_TYPES) || !types.includes(ext))
      return {
        ok: false,
        text: `Файл «${shown}» не подходит: можно приложить только ${rules.typesText ?? TYPES_TEXT} (тип проверяется по содержимому файла)`,
      };
    const allowed = ext as AllowedExt;
    out.push({
      name: safeFileName(f.originalname, allowed),
      ext: allowed,
      contentType: ALLOWED_TYPES[allowed],
      size: f.size,
      data: f.buffer,
    });
  }
  return { ok: true, files: out };
}
