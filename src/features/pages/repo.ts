// News and FAQ, as the public pages read them.
import type { Db, Tx } from '../../db/knex.js';

export interface NewsItem {
  id: number;
  title: string;
  body: string;
  published_at: Date;
  supplier_name: string | null;
}

export interface FaqItem {
  id: number;
  category: string;
  question: string;
  answer: string;
}

export class PagesRepo {
  constructor(private readonly db: Db) {}

  /** Published news (not dated in the future), newest first. */
  news(now: Date, limit = 50, db: Db | Tx = this.db): Promise<NewsItem[]> {
    return db('news as n')
      .leftJoin('suppliers as s', 's.id', 'n.supplier_id')
      .where('n.published_at', '<=', now)
      .orderBy([
        { column: 'n.published_at', order: 'desc' },
        { column: 'n.id', order: 'desc' },
      ])
      .limit(limit)
      .select('n.id', 'n.title', 'n.body', 'n.published_at', 's.name as supplier_name');
  }

  faq(db: Db | Tx = this.db): Promise<FaqItem[]> {
    return db('faq')
      .orderBy([{ column: 'position' }, { column: 'id' }])
      .select('id', 'category', 'question', 'answer');
  }
}
