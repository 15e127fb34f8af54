// A redirect waits for the save of a session the request changed (platform/session.ts): a browser
// follows the redirect on its headers, before express-session's own save at the end would finish.
import { describe, expect, it } from 'vitest';
import type { NextFunction, Request, Response } from 'express';
import { saveBeforeRedirect } from '../../src/platform/session.js';

/** A request with a session whose save() completes only when `finishSave` is called. */
function harness(data: Record<string, unknown>) {
  const events: string[] = [];
  let finishSave: (() => void) | undefined;
  const session = Object.assign(Object.create(null) as Record<string, unknown>, data);
  Object.defineProperty(session, 'cookie', { value: { maxAge: null }, enumerable: true });
  Object.defineProperty(session, 'save', {
    value: (cb: (err?: Error) => void) => {
      events.push('save');
      finishSave = () => cb();
    },
  });
  const req = { session, sessionID: 'first' } as unknown as Request;
  const res = { redirect: (url: string) => void events.push(`redirect ${url}`) } as unknown as Response;
  let nextCalls = 0;
  saveBeforeRedirect(req, res, (() => void nextCalls++) as NextFunction);
  expect(nextCalls).toBe(1);
  return { session, req, res, events, finish: () => finishSave?.() };
}

describe('saveBeforeRedirect', () => {
  it('sends a redirect only once a flash message added by the request is saved', () => {
    const h = harness({ userId: 7 });
    h.session.flash = [{ kind: 'success', text: 'Показания переданы' }];
    h.res.redirect('/accounts/1/readings/confirmation');
    expect(h.events).toEqual(['save']);
    h.finish();
    expect(h.events).toEqual(['save', 'redirect /accounts/1/readings/confirmation']);
  });

  it('waits for any change, not only a flash: a staff member starting "Смотреть как клиент"', () => {
    const h = harness({ userId: 2, staff: true });
    h.session.viewAs = { userId: 9, since: 0 };
    h.res.redirect('/cabinet');
    expect(h.events).toEqual(['save']);
    h.finish();
    expect(h.events.at(-1)).toBe('redirect /cabinet');
  });

  it('redirects at once when the session is unchanged or left empty', () => {
    const same = harness({ userId: 7 });
    same.res.redirect('/cabinet');
    expect(same.events).toEqual(['redirect /cabinet']);

    const emptied = harness({ userId: 7 });
    delete emptied.session.userId;
    emptied.res.redirect('/login');
    expect(emptied.events).toEqual(['redirect /login']);
  });

  it('waits for a regenerated session even when its data looks the same: a sign-in is new to the store', () => {
    const h = harness({ userId: 7 });
    (h.req as { sessionID: string }).sessionID = 'regenerated';
    h.res.redirect('/cabinet');
    expect(h.events).toEqual(['save']);
    h.finish();
    expect(h.events.at(-1)).toBe('redirect /cabinet');
  });
});
