/**
 * Bulk edits of videos from the content manager's list ("Edit selected"): visibility, category, tags added or removed,
 * a playlist, the scheduled time, then publish, unpublish or delete. Each video goes through the document service in
 * the asking user's request, so every rule a single edit meets applies to each one (a creator's own channel, owner-only
 * publish and schedule, media ready before publishing); the videos a user may not edit are found with the content
 * manager's own permission query. One failure does not undo the others and is named; a preview says what would change
 * and what would be refused, without writing. Every run is recorded (plugin::publishing.bulk-edit).
 */
import type { Core } from '@strapi/strapi';
import createError from 'http-errors';
import type { BulkEditAnswer, BulkEditItem, BulkVideoChange } from '@framecast/contracts';
import { contentManagerChecker, type Ability } from '../utils/permissions';
import { MEDIA_STATE_FIELDS, notReadyReason } from '../utils/readiness';

const VIDEO = 'api::video.video';
const PLAYLIST = 'api::playlist.playlist';
const CATEGORY = 'api::category.category';
const TAG = 'api::tag.tag';
const RECORD = 'plugin::publishing.bulk-edit';

export interface Asker {
  id: number;
  name: string;
  ability: Ability;
}

type VideoRow = {
  documentId: string;
  title: string;
  visibility: string;
  scheduledAt: string | null;
  processingStatus: string | null;
  processingProgress: number | null;
  failureReason: string | null;
  sourceKey: string | null;
  publishEarly?: boolean | null;
  playbackAssets?: { growing?: boolean } | null;
  category: { documentId: string; name: string } | null;
  tags: Array<{ documentId: string; name: string }>;
  playlists: Array<{ documentId: string }>;
};

const forbidden = (message: string) => createError(403, message, { details: {} });

/** The refusal a write threw, in the words the editor shows. */
function problemOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message || 'It could not be changed.';
}

const bulkEditsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const checker = (ability: Ability, model: string) => contentManagerChecker(strapi, ability, model);

  async function names(uid: string, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = (await strapi.db.query(uid as never).findMany({
      where: { documentId: { $in: ids } },
      select: ['documentId', uid === PLAYLIST ? 'title' : 'name'],
    })) as Array<{ documentId: string; name?: string; title?: string }>;
    return new Map(rows.map((row) => [row.documentId, row.name ?? row.title ?? row.documentId]));
  }

  /** Which fields and actions the change needs; refused at once (403) when the user holds none of them. */
  function assertAllowed(ability: Ability, change: BulkVideoChange): void {
    const video = checker(ability, VIDEO);
    const fields = [
      change.titlePattern !== undefined && 'title',
      change.description !== undefined && 'description',
      change.visibility !== undefined && 'visibility',
      change.category !== undefined && 'category',
      (change.addTags?.length || change.removeTags?.length) && 'tags',
      change.scheduledAt !== undefined && 'scheduledAt',
    ].filter((field): field is string => typeof field === 'string');
    for (const field of fields)
      if (!video.can.update?.(undefined, field)) throw forbidden(`You may not change ${field} of videos.`);
    if (change.then && !video.can[change.then]?.()) throw forbidden(`You may not ${change.then} videos.`);
    if (change.addToPlaylist && !checker(ability, PLAYLIST).can.update?.(undefined, 'videos'))
      throw forbidden('You may not change playlists.');
  }

  /** The selected videos this user may edit (the content manager's own permission query), as their drafts. */
  async function editable(ability: Ability, ids: string[]): Promise<Map<string, VideoRow>> {
    const query = await checker(ability, VIDEO).sanitizedQuery.update!({ filters: { documentId: { $in: ids } } });
    const rows = (await strapi.documents(VIDEO).findMany({
      filters: query.filters as never,
      status: 'draft',
      fields: [...MEDIA_STATE_FIELDS, 'visibility', 'scheduledAt'] as never,
      populate: {
        category: { fields: ['name'] },
        tags: { fields: ['name'] },
        playlists: { fields: ['title'] },
      } as never,
      limit: ids.length,
    })) as unknown as VideoRow[];
    return new Map(rows.map((row) => [row.documentId, row]));
  }

  /** Of these videos, those the user may publish, unpublish or delete (for a creator: its own channel's, not a collaboration). */
  async function allowedFor(
    ability: Ability,
    action: 'publish' | 'unpublish' | 'delete',
    ids: string[],
  ): Promise<Set<string>> {
    const query = await checker(ability, VIDEO).sanitizedQuery[action]!({ filters: { documentId: { $in: ids } } });
    const rows = (await strapi.documents(VIDEO).findMany({
      filters: query.filters as never,
      status: 'draft',
      fields: ['title'] as never,
      limit: ids.length,
    })) as unknown as Array<{ documentId: string }>;
    return new Set(rows.map((row) => row.documentId));
  }

  async function playlistEditable(ability: Ability, playlist: string): Promise<boolean> {
    const query = await checker(ability, PLAYLIST).sanitizedQuery.update!({ filters: { documentId: playlist } });
    return (await strapi.documents(PLAYLIST).count({ filters: query.filters as never })) > 0;
  }

  /** The title a pattern gives the `n`th selected video (at most 120 characters, the type's limit). */
  const titled = (pattern: string, video: VideoRow, n: number) =>
    pattern
      .replace(/\{title\}/g, video.title)
      .replace(/\{n\}/g, String(n))
      .trim()
      .slice(0, 120);

  function describe(video: VideoRow, change: BulkVideoChange, labels: Map<string, string>, n: number): string[] {
    const lines: string[] = [];
    if (change.titlePattern !== undefined) {
      const title = titled(change.titlePattern, video, n);
      if (title !== video.title) lines.push(`title: “${video.title}” → “${title}”`);
    }
    if (change.description !== undefined)
      lines.push(change.description.trim() ? 'description replaced' : 'description cleared');
    if (change.visibility && change.visibility !== video.visibility)
      lines.push(`visibility: ${video.visibility} → ${change.visibility}`);
    if (change.category !== undefined && change.category !== (video.category?.documentId ?? null))
      lines.push(
        `category: ${video.category?.name ?? 'none'} → ${change.category ? labels.get(change.category) : 'none'}`,
      );
    const has = new Set(video.tags.map((tag) => tag.documentId));
    const added = (change.addTags ?? []).filter((tag) => !has.has(tag)).map((tag) => labels.get(tag) ?? tag);
    const removed = (change.removeTags ?? []).filter((tag) => has.has(tag)).map((tag) => labels.get(tag) ?? tag);
    if (added.length) lines.push(`tags added: ${added.join(', ')}`);
    if (removed.length) lines.push(`tags removed: ${removed.join(', ')}`);
    if (change.addToPlaylist && !video.playlists.some((playlist) => playlist.documentId === change.addToPlaylist))
      lines.push(`added to playlist “${labels.get(change.addToPlaylist)}”`);
    if (change.scheduledAt !== undefined)
      lines.push(
        change.scheduledAt ? `scheduled for ${new Date(change.scheduledAt).toISOString()}` : 'schedule cleared',
      );
    if (change.then) lines.push(change.then === 'delete' ? 'deleted' : `${change.then}ed`);
    return lines;
  }

  /** What refuses this video before anything is written (the preview shows it; apply skips it). */
  function refusalOf(video: VideoRow, change: BulkVideoChange, mayAct: Set<string> | null): string | null {
    if (change.then && mayAct && !mayAct.has(video.documentId)) return `Only the video’s owner can ${change.then} it.`;
    if (change.then === 'publish') {
      const reason = notReadyReason(video);
      if (reason) return `It can’t be published yet: ${reason}.`;
    }
    return null;
  }

  async function applyTo(documentId: string, video: VideoRow, change: BulkVideoChange, n: number): Promise<void> {
    const data: Record<string, unknown> = {};
    if (change.titlePattern !== undefined) data.title = titled(change.titlePattern, video, n);
    if (change.description !== undefined) data.description = change.description;
    if (change.visibility) data.visibility = change.visibility;
    if (change.category !== undefined)
      data.category = change.category ? { set: [{ documentId: change.category }] } : { set: [] };
    if (change.addTags?.length || change.removeTags?.length)
      data.tags = {
        ...(change.addTags?.length ? { connect: change.addTags.map((tag) => ({ documentId: tag })) } : {}),
        ...(change.removeTags?.length ? { disconnect: change.removeTags.map((tag) => ({ documentId: tag })) } : {}),
      };
    if (change.scheduledAt !== undefined) data.scheduledAt = change.scheduledAt;
    if (Object.keys(data).length) await strapi.documents(VIDEO).update({ documentId, data: data as never });
    if (change.addToPlaylist && !video.playlists.some((playlist) => playlist.documentId === change.addToPlaylist))
      await strapi.documents(PLAYLIST).update({
        documentId: change.addToPlaylist,
        data: { videos: { connect: [{ documentId }] } } as never,
      });
    if (change.then === 'publish') await strapi.documents(VIDEO).publish({ documentId } as never);
    if (change.then === 'unpublish') await strapi.documents(VIDEO).unpublish({ documentId } as never);
    if (change.then === 'delete') await strapi.documents(VIDEO).delete({ documentId } as never);
  }

  return {
    /** `offset`: where this part starts in the whole selection (the editor sends five at a time), for `{n}`. */
    async run(
      asker: Asker,
      documentIds: string[],
      change: BulkVideoChange,
      preview: boolean,
      offset?: number,
    ): Promise<BulkEditAnswer> {
      assertAllowed(asker.ability, change);
      if (change.addToPlaylist && !(await playlistEditable(asker.ability, change.addToPlaylist)))
        throw forbidden('That playlist is not one you may change.');
      const labels = new Map([
        ...(await names(CATEGORY, change.category ? [change.category] : [])),
        ...(await names(TAG, [...(change.addTags ?? []), ...(change.removeTags ?? [])])),
        ...(await names(PLAYLIST, change.addToPlaylist ? [change.addToPlaylist] : [])),
      ]);
      for (const id of [change.category, ...(change.addTags ?? []), ...(change.removeTags ?? [])])
        if (id && !labels.has(id)) throw createError(404, `No such category or tag: ${id}`, { name: 'NotFoundError' });
      const videos = await editable(asker.ability, documentIds);
      const mayAct = change.then ? await allowedFor(asker.ability, change.then, [...videos.keys()]) : null;

      const items: BulkEditItem[] = [];
      for (const [index, documentId] of documentIds.entries()) {
        const n = (offset ?? 0) + index + 1;
        const video = videos.get(documentId);
        if (!video) {
          items.push({
            documentId,
            title: null,
            changes: [],
            ok: false,
            problem: 'Not found, or not a video you may edit.',
          });
          continue;
        }
        const changes = describe(video, change, labels, n);
        const refused = refusalOf(video, change, mayAct);
        if (preview || refused) {
          items.push({ documentId, title: video.title, changes, ok: !refused, problem: refused });
          continue;
        }
        try {
          await applyTo(documentId, video, change, n);
          items.push({ documentId, title: video.title, changes, ok: true, problem: null });
        } catch (error) {
          items.push({ documentId, title: video.title, changes, ok: false, problem: problemOf(error) });
        }
      }
      const succeeded = items.filter((item) => item.ok).length;
      const answer: BulkEditAnswer = { preview, items, succeeded, failed: items.length - succeeded };
      if (!preview) {
        await strapi.db.query(RECORD).create({
          data: {
            userId: asker.id,
            userName: asker.name.slice(0, 200),
            summary:
              `${Object.keys(change).join(', ')} on ${items.length} videos: ${succeeded} done, ${answer.failed} not`.slice(
                0,
                500,
              ),
            change,
            total: items.length,
            succeeded,
            failed: answer.failed,
            results: items.map(({ documentId, title, ok, problem }) => ({ documentId, title, ok, problem })),
          },
        });
        strapi.log.info(`[publishing] bulk edit by ${asker.id}: ${succeeded} done, ${answer.failed} not`);
      }
      return answer;
    },
  };
};

export default bulkEditsService;
export type BulkEditsService = ReturnType<typeof bulkEditsService>;
