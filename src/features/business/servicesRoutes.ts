// Дополнительные услуги (seed 004): the supplier's client services for a company account, each with
// "Подать заявку" (the requests form, /requests/new?topic=…), and the staff pages that edit them.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { actorOf } from '../../platform/audit.js';
import { requireAccount, requireRole } from '../../platform/auth.js';
import { fieldErrors, NotFoundError, type FieldError } from '../../platform/errors.js';
import { parseId } from '../../platform/params.js';
import { flash } from '../../platform/session.js';
import { one, parseForm } from '../../platform/validation.js';
import { paths, withQuery } from '../../paths.js';
import { clientServiceForm, CLIENT_SERVICE_FIELDS } from './schemas.js';
import type { ClientServiceRow } from './repo.js';

const valuesOf = (body: unknown) => {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    CLIENT_SERVICE_FIELDS.map((f) => [f, typeof one(b[f]) === 'string' ? String(one(b[f])) : '']),
  ) as Record<(typeof CLIENT_SERVICE_FIELDS)[number], string>;
};

const rowValues = (s: ClientServiceRow) => ({
  title: s.title,
  description: s.description,
  topic: s.topic,
  position: String(s.position),
});

export function clientServicesRoutes(services: Services): Router {
  const r = Router();
  const account = requireAccount(services.users);
  const admin = requireRole('admin');

  r.get('/accounts/:number/additional-services', account, async (req, res) => {
    if (req.account!.customer_kind !== 'organisation') throw new NotFoundError();
    const items = await services.business.clientServices(req.account!.supplier_id);
    res.render('business/additionalServices', { title: 'Дополнительные услуги', items });
  });

  // ---- staff ----

  const supplierOf = async (raw: unknown) => {
    const suppliers = await services.business.suppliers();
    const id = Number(one(raw));
    return { suppliers, supplierId: suppliers.find((s) => s.id === id)?.id ?? suppliers[0]?.id };
  };

  const renderList = async (
    res: Response,
    status: number,
    raw: unknown,
    values: Record<string, string>,
    errors: FieldError[],
  ) => {
    const { suppliers, supplierId } = await supplierOf(raw);
    const items = supplierId ? await services.business.clientServices(supplierId) : [];
    res.status(status).render('admin/clientServices', {
      title: 'Дополнительные услуги поставщиков',
      suppliers,
      supplierId,
      items,
      values,
      errors,
    });
  };

  r.get(paths.adminClientServices(), admin, (req, res) => renderList(res, 200, req.query.supplier, {}, []));

  r.post(paths.adminClientServices(), admin, async (req: Request, res) => {
    const values = valuesOf(req.body);
    const { supplierId } = await supplierOf(req.body?.supplier_id);
    const parsed = parseForm(clientServiceForm, req.body);
    if (!parsed.success || !supplierId)
      return renderList(
        res,
        400,
        req.body?.supplier_id,
        values,
        parsed.success ? [] : fieldErrors(parsed.error),
      );
    await services.business.addClientService(supplierId, parsed.data, actorOf(req));
    flash(req, 'success', `Услуга «${parsed.data.title}» добавлена`);
    res.redirect(withQuery(paths.adminClientServices(), { supplier: supplierId }));
  });

  const renderEdit = async (
    res: Response,
    status: number,
    item: ClientServiceRow,
    values: Record<string, string>,
    errors: FieldError[],
  ) => {
    res
      .status(status)
      .render('admin/clientService', { title: `Услуга «${item.title}»`, item, values, errors });
  };

  const itemOf = async (req: Request) => {
    const id = parseId(req.params.id);
    const item = id === undefined ? undefined : await services.business.clientService(id);
    if (!item) throw new NotFoundError();
    return item;
  };

  r.get('/admin/client-services/:id', admin, async (req, res) => {
    const item = await itemOf(req);
    await renderEdit(res, 200, item, rowValues(item), []);
  });

  r.post('/admin/client-services/:id', admin, async (req, res) => {
    const item = await itemOf(req);
    const parsed = parseForm(clientServiceForm, req.body);
    if (!parsed.success) return renderEdit(res, 400, item, valuesOf(req.body), fieldErrors(parsed.error));
    await services.business.updateClientService(item.id, parsed.data, actorOf(req));
    flash(req, 'success', `Услуга «${parsed.data.title}» сохранена`);
    res.redirect(withQuery(paths.adminClientServices(), { supplier: item.supplier_id }));
  });

  r.post('/admin/client-services/:id/delete', admin, async (req, res) => {
    const item = await itemOf(req);
    await services.business.deleteClientService(item.id, actorOf(req));
    flash(req, 'success', `Услуга «${item.title}» удалена`);
    res.redirect(withQuery(paths.adminClientServices(), { supplier: item.supplier_id }));
  });

  return r;
}
