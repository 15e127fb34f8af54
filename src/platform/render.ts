// EJS with a layout: a page template renders into layouts/main unless it sets `layout: false`.
import type { Express } from 'express';
import ejs from 'ejs';
import { fromRoot } from '../root.js';
import { format } from '../domain/format.js';
import { paths, withQuery } from '../paths.js';
import { OWED, owedParts } from './labels.js';

export function setUpViews(app: Express, cache: boolean): void {
  const layoutFile = fromRoot('views', 'layouts', 'main.ejs');
  app.set('views', fromRoot('views'));
  // express caches its view lookups (a stat of the file per render) only when NODE_ENV says
  // production; the portal's own config decides, as it does for EJS's compiled templates
  app.set('view cache', cache);
  app.set('view engine', 'ejs');
  app.engine('ejs', (file: string, opts: object, cb: (e: unknown, html?: string) => void) => {
    const locals = opts as Record<string, unknown>;
    const options = { cache, filename: file, async: false };
    ejs.renderFile(file, locals, options, (err, body) => {
      if (err) return cb(err);
      if (locals.layout === false) return cb(null, body);
      ejs.renderFile(layoutFile, { ...locals, body }, { cache, filename: layoutFile }, cb);
    });
  });
  // defaults every template may read, so a page rendered early (an error page) still has them
  Object.assign(app.locals, format, {
    paths,
    withQuery,
    // the words for what is owed (labels.OWED), the same on every page
    OWED,
    owedParts,
    supplierName: 'Энергосбыт',
    user: undefined,
    account: undefined,
    errors: [],
    values: {},
    flash: [],
    csrfToken: () => '',
    currentPath: '',
    // set by createApp when an acquirer is configured: the "Оплатить" links appear
    onlinePayment: false,
  });
}
