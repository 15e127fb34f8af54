// Multipart form bodies (file uploads) for the few routes that take a file, parsed by multer into
// memory before the CSRF check, so the form's `_csrf` field is checked like any other form's.
// Only the routes named get multipart parsing; everywhere else a multipart body stays unparsed
// and the CSRF check refuses it for want of a token.
import type { RequestHandler, Router } from 'express';
import express from 'express';
import multer from 'multer';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set when the upload was refused (too large, too many files); the route shows it beside the field. */
    uploadRefusal?: 'too_large' | 'refused';
  }
}

export interface UploadRoute {
  /** an express path, e.g. '/accounts/:number/calculator' */
  path: string;
  /** the file input's name */
  field: string;
  maxBytes: number;
}

/** One small per-route multer middleware (memory storage, one file, few fields). */
export function uploadBody(route: UploadRoute): RequestHandler {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: route.maxBytes, files: 1, fields: 40, fieldSize: 10_000, parts: 42 },
  }).single(route.field);
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    parse(req, res, (err: unknown) => {
      if (!err) return next();
      // the fields read before the file (the form puts `_csrf` first) stay in req.body
      req.uploadRefusal =
        err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE' ? 'too_large' : 'refused';
      // a broken stream may be left half read: the rest is drained so the response can be sent
      req.resume();
      next();
    });
  };
}

/** The upload routes' parsers, mounted before the CSRF check. */
export function uploadRoutes(routes: readonly UploadRoute[]): Router {
  const r = express.Router();
  for (const route of routes) r.post(route.path, uploadBody(route));
  return r;
}
