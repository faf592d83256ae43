import { readFileSync } from 'node:fs';
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import type { EmailChangeService } from '../services/email-change';
import type { NotificationMailService } from '../services/notification-mail';
import { ProfileError, type ProfilesService } from '../services/profiles';
import { AVATAR_MAX_BYTES, deleteAccount, emailChange, profilePatch } from '../validation/profile';

type UploadedFile = { filepath: string; size: number; mimetype?: string | null };

function fail(ctx: Context, status: number, message: string, field?: string): void {
  const names: Record<number, string> = { 400: 'ValidationError', 413: 'PayloadTooLargeError', 415: 'UnsupportedMediaTypeError' };
  ctx.status = status;
  ctx.body = { data: null, error: { status, name: names[status] ?? 'ApplicationError', message, details: field ? { fields: { [field]: message } } : {} } };
}

async function answering(ctx: Context, work: () => Promise<unknown>): Promise<void> {
  try {
    const body = await work();
    if (body === undefined) ctx.status = 204;
    else ctx.body = body;
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    fail(ctx, error.status, error.message, error.field);
  }
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const profiles = () => strapi.plugin('accounts').service('profiles') as ProfilesService;
  return {
    async get(ctx: Context) {
      ctx.body = await profiles().get(ctx.state.viewer);
    },
    async update(ctx: Context) {
      const parsed = profilePatch.safeParse(ctx.request.body ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return fail(ctx, 400, issue.code === 'unrecognized_keys' ? `Unexpected field(s): ${(issue as { keys?: string[] }).keys?.join(', ')}.` : issue.message, String(issue.path[0] ?? '') || undefined);
      }
      await answering(ctx, () => profiles().update(ctx.state.viewer, parsed.data));
    },
    async setAvatar(ctx: Context) {
      const files = (ctx.request as { files?: Record<string, UploadedFile | UploadedFile[]> }).files ?? {};
      const file = [files.avatar].flat()[0];
      if (!file) return fail(ctx, 400, 'Choose a picture to upload (form field "avatar").', 'avatar');
      if (file.size > AVATAR_MAX_BYTES) return fail(ctx, 413, `This picture is too large: at most ${AVATAR_MAX_BYTES / 1024 / 1024} MB.`, 'avatar');
      await answering(ctx, () => profiles().setAvatar(ctx.state.viewer, readFileSync(file.filepath)));
    },
    async removeAvatar(ctx: Context) {
      await answering(ctx, () => profiles().removeAvatar(ctx.state.viewer));
    },
    async requestEmailChange(ctx: Context) {
      const parsed = emailChange.safeParse(ctx.request.body ?? {});
      if (!parsed.success) return fail(ctx, 400, parsed.error.issues[0]!.message, String(parsed.error.issues[0]!.path[0] ?? '') || undefined);
      await answering(ctx, () => (strapi.plugin('accounts').service('email-change') as EmailChangeService).request(ctx.state.viewer, parsed.data));
    },
    async confirmEmailChange(ctx: Context) {
      const token = (ctx.request.body as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || !/^[a-f0-9]{48}$/.test(token)) return fail(ctx, 400, 'This confirmation link is incomplete: use the link from the mail as it is.');
      await answering(ctx, () => (strapi.plugin('accounts').service('email-change') as EmailChangeService).confirm(token, ctx));
    },
    async unsubscribe(ctx: Context) {
      const source = { ...(ctx.query as Record<string, unknown>), ...((ctx.request.body as Record<string, unknown> | undefined) ?? {}) };
      const token = typeof source.token === 'string' ? source.token : '';
      const kind = source.kind === 'reply' || source.kind === 'new-video' ? source.kind : null;
      if (!/^[a-f0-9]{48}$/.test(token) || !kind) return fail(ctx, 400, 'This unsubscribe link is incomplete: use the link from the mail as it is.');
      const mails = strapi.plugin('accounts').service('notification-mail') as NotificationMailService;
      if (!(await mails.unsubscribe(token, kind))) {
        ctx.status = 404;
        ctx.body = { data: null, error: { status: 404, name: 'NotFoundError', message: 'This unsubscribe link no longer matches an account.', details: {} } };
        return;
      }
      ctx.body = { unsubscribed: kind };
    },
    async deleteAccount(ctx: Context) {
      const parsed = deleteAccount.safeParse(ctx.request.body ?? {});
      if (!parsed.success) return fail(ctx, 400, parsed.error.issues[0]!.message, 'password');
      await answering(ctx, () => profiles().deleteAccount(ctx.state.viewer, parsed.data.password, { ctx }));
    },
  };
};
