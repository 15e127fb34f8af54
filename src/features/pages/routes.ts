// Pages that need no account: the home redirect and "О сервисе".
import { Router } from 'express';
import { paths } from '../../paths.js';

export function pageRoutes(): Router {
  const r = Router();
  r.get('/', (req, res) => res.redirect(req.user ? paths.cabinet() : paths.login()));
  r.get('/about', (_req, res) => res.render('pages/about', { title: 'О сервисе' }));
  return r;
}
