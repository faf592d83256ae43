/** The query of GET /publishing/inbox: a page, an order and an optional title search, refused with 400 when malformed. */
import { errors } from '@strapi/utils';
import { INBOX_ORDERS, type InboxOrder } from '@framecast/contracts';

export interface InboxQuery {
  page: number;
  order: InboxOrder;
  search?: string;
}

export function parseInboxQuery(query: Record<string, unknown>): InboxQuery {
  const unknown = Object.keys(query).filter((key) => !['page', 'q', 'order'].includes(key));
  if (unknown.length)
    throw new errors.ValidationError(`${unknown.join(', ')}: not an inbox parameter (page, order, q)`);
  const page = query.page === undefined ? 1 : Number(query.page);
  if (!Number.isInteger(page) || page < 1 || page > 10_000)
    throw new errors.ValidationError('page: give a whole number from 1');
  const order = query.order ?? 'uploaded';
  if (!INBOX_ORDERS.includes(order as InboxOrder))
    throw new errors.ValidationError(`order: give one of ${INBOX_ORDERS.join(', ')}`);
  if (query.q !== undefined && (typeof query.q !== 'string' || query.q.length > 200))
    throw new errors.ValidationError('q: give a text of at most 200 characters');
  const search = typeof query.q === 'string' ? query.q.trim() : '';
  return { page, order: order as InboxOrder, ...(search ? { search } : {}) };
}
