/** Who is asking: the signed-in viewer the accounts plugin's middleware resolved, if any. */
import type { Context } from 'koa';
import { errors } from '@strapi/utils';

export function readerOf(ctx: Context): number | null {
  const id = (ctx.state.viewer as { id?: number } | null | undefined)?.id;
  return typeof id === 'number' ? id : null;
}

/** The signed-in viewer (routes that need one refuse anonymous requests before this). */
export function viewerOf(ctx: Context): number {
  const id = readerOf(ctx);
  if (id === null) throw new errors.UnauthorizedError('Sign in to do this.');
  return id;
}

export const bodyOf = (ctx: Context): unknown => (ctx.request as unknown as { body?: unknown }).body;
