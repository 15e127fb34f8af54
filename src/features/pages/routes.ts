// Pages that need no account: the home redirect, "О сервисе", news and the questions and answers.
import { Router } from 'express';
import type { Services } from '../../services.js';
import { paths } from '../../paths.js';

export function pageRoutes(services: Services): Router {
  const r = Router();
  r.get('/', (req, res) => res.redirect(req.user ? paths.cabinet() : paths.login()));
  // the chosen account's supplier's contacts (res.locals.supplierContacts), or every supplier's
  r.get('/about', async (_req, res) => {
    const allContacts = res.locals.supplierContacts ? [] : await services.business.allContacts();
    res.render('pages/about', { title: 'О сервисе', allContacts });
  });
  r.get('/news', async (_req, res) => {
    const news = await services.pages.news(services.clock.now());
    res.render('pages/news', { title: 'Новости', news });
  });
  r.get('/faq', async (_req, res) => {
    const items = await services.pages.faq();
    const categories: { name: string; items: typeof items }[] = [];
    for (const item of items) {
      const last = categories.find((c) => c.name === item.category);
      if (last) last.items.push(item);
      else categories.push({ name: item.category, items: [item] });
    }
    res.render('pages/faq', { title: 'Вопросы и ответы', categories });
  });
  return r;
}
