import { readFileSync } from 'node:fs';
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../utils';
import { profileError } from '../utils/errors';
import {
  AVATAR_MAX_BYTES,
  deleteAccount,
  emailChange,
  mailedToken,
  parseInput,
  profilePatch,
  unsubscribe,
} from '../validation/profile';

type UploadedFile = { filepath: string; size: number; mimetype?: string | null };

/** The service's answer as the body, or 204 when it has none. */
function answer(ctx: Context, body: unknown): void {
  if (body === undefined) ctx.status = 204;
  else ctx.body = body;
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async get(ctx: Context) {
    ctx.body = await getService(strapi, 'profiles').get(ctx.state.viewer);
  },
  async update(ctx: Context) {
    const patch = parseInput(profilePatch, ctx.request.body, { namingUnexpected: true });
    answer(ctx, await getService(strapi, 'profiles').update(ctx.state.viewer, patch));
  },
  async setAvatar(ctx: Context) {
    const files = (ctx.request as { files?: Record<string, UploadedFile | UploadedFile[]> }).files ?? {};
    const file = [files.avatar].flat()[0];
    if (!file) throw profileError(400, 'Choose a picture to upload (form field "avatar").', 'avatar');
    if (file.size > AVATAR_MAX_BYTES)
      throw profileError(413, `This picture is too large: at most ${AVATAR_MAX_BYTES / 1024 / 1024} MB.`, 'avatar');
    answer(ctx, await getService(strapi, 'profiles').setAvatar(ctx.state.viewer, readFileSync(file.filepath)));
  },
  async removeAvatar(ctx: Context) {
    answer(ctx, await getService(strapi, 'profiles').removeAvatar(ctx.state.viewer));
  },
  async requestEmailChange(ctx: Context) {
    const input = parseInput(emailChange, ctx.request.body);
    answer(ctx, await getService(strapi, 'email-change').request(ctx.state.viewer, input));
  },
  async confirmEmailChange(ctx: Context) {
    const token = mailedToken.safeParse((ctx.request.body as { token?: unknown } | undefined)?.token);
    if (!token.success)
      throw profileError(400, 'This confirmation link is incomplete: use the link from the mail as it is.');
    answer(ctx, await getService(strapi, 'email-change').confirm(token.data, ctx));
  },
  async unsubscribe(ctx: Context) {
    // a mail client posts the link's query; a form may post a body
    const input = unsubscribe.safeParse({
      ...(ctx.query as Record<string, unknown>),
      ...((ctx.request.body as Record<string, unknown> | undefined) ?? {}),
    });
    if (!input.success)
      throw profileError(400, 'This unsubscribe link is incomplete: use the link from the mail as it is.');
    if (!(await getService(strapi, 'notification-mail').unsubscribe(input.data.token, input.data.kind))) {
      throw new errors.NotFoundError('This unsubscribe link no longer matches an account.');
    }
    ctx.body = { unsubscribed: input.data.kind };
  },
  async deleteAccount(ctx: Context) {
    const input = parseInput(deleteAccount, ctx.request.body, { field: 'password' });
    answer(ctx, await getService(strapi, 'profiles').deleteAccount(ctx.state.viewer, input.password, { ctx }));
  },
});
