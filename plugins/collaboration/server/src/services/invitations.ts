/**
 * Collaboration by invitation. A video's owner invites another channel by its handle (the edit view's Collaboration
 * panel); the video counts as collaborative — editable by that creator, listed on its channel, credited — only once
 * that channel's owner accepts: then the channel joins the video's `collaborators` on every version. Declined and
 * withdrawn invitations change nothing. Creators cannot write `collaborators` themselves (cms/src/roles: they may link
 * only what they can open, and other channels are not theirs to open); staff set it directly.
 */
import type { Core } from '@strapi/strapi';
import { discoveryService, type CollaborationInvitationView } from '@framecast/contracts';
import { conflict, invalid, notFound } from '../utils/errors';

const VIDEO = 'api::video.video';
const CREATOR = 'api::creator.creator';
const INVITATION = 'plugin::collaboration.invitation';

type Row = {
  id: number;
  video: string;
  videoTitle: string | null;
  inviter: string;
  invitee: string;
  state: CollaborationInvitationView['state'];
  createdAt: string | Date;
  answeredAt: string | Date | null;
};
type Channel = { id: number; documentId: string; handle: string; displayName: string };

const invitationsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(INVITATION);

  async function channelOf(userId: number): Promise<Channel | null> {
    return (await strapi.db.query(CREATOR).findOne({
      where: { owner: { id: userId } },
      select: ['id', 'documentId', 'handle', 'displayName'],
    })) as Channel | null;
  }

  async function views(found: Row[]): Promise<CollaborationInvitationView[]> {
    const ids = [...new Set(found.flatMap((row) => [row.inviter, row.invitee]))];
    const channels = ids.length
      ? ((await strapi.db.query(CREATOR).findMany({
          where: { documentId: { $in: ids } },
          select: ['documentId', 'handle', 'displayName'],
        })) as Channel[])
      : [];
    const byId = new Map(channels.map((channel) => [channel.documentId, channel]));
    const card = (id: string) => {
      const channel = byId.get(id);
      return channel ? { handle: channel.handle, displayName: channel.displayName } : null;
    };
    return found.map((row) => ({
      id: row.id,
      video: row.video,
      videoTitle: row.videoTitle,
      inviter: card(row.inviter),
      invitee: card(row.invitee),
      state: row.state,
      createdAt: new Date(row.createdAt).toISOString(),
      answeredAt: row.answeredAt ? new Date(row.answeredAt).toISOString() : null,
    }));
  }

  /** The invitation `id` addressed to this user's channel, still waiting. */
  async function addressedTo(id: number, userId: number): Promise<{ row: Row; channel: Channel }> {
    const channel = await channelOf(userId);
    const row = (await rows().findOne({ where: { id } })) as Row | null;
    if (!row || !channel || row.invitee !== channel.documentId) throw notFound('No such invitation.');
    if (row.state !== 'pending') throw conflict(`This invitation was ${row.state} already.`);
    return { row, channel };
  }

  function announce(documentId: string): void {
    discoveryService(strapi, 'indexer')?.schedule([documentId]);
    strapi.eventHub.emit('collaboration::changed', {
      uid: VIDEO,
      documentIds: [documentId],
      attributes: ['collaborators'],
    });
  }

  return {
    /**
     * The owner invites a channel by its handle. Asking again after a decline or a withdrawal asks anew; a channel
     * already collaborating, or already asked, is refused (409).
     */
    async invite(documentId: string, handle: string, userId: number): Promise<CollaborationInvitationView> {
      const channel = await channelOf(userId);
      const video = (await strapi.db.query(VIDEO).findOne({
        where: { documentId, publishedAt: null, ...(channel ? { creator: { id: channel.id } } : { id: -1 }) },
        select: ['id', 'title'],
        populate: { collaborators: { select: ['id'] } },
      })) as { id: number; title: string; collaborators: Array<{ id: number }> } | null;
      if (!channel || !video) throw notFound('No such video of yours.');
      const invitee = (await strapi.db.query(CREATOR).findOne({
        where: { handle: handle.trim().toLowerCase() },
        select: ['id', 'documentId', 'handle', 'displayName'],
      })) as Channel | null;
      if (!invitee) throw notFound(`No channel has the handle @${handle.trim()}.`);
      if (invitee.id === channel.id) throw invalid('This is your own channel.', 'handle');
      if (video.collaborators.some((collaborator) => collaborator.id === invitee.id))
        throw conflict(`@${invitee.handle} collaborates on this video already.`);
      const existing = (await rows().findOne({
        where: { video: documentId, invitee: invitee.documentId },
      })) as Row | null;
      if (existing?.state === 'pending') throw conflict(`@${invitee.handle} is invited already.`);
      const data = {
        state: 'pending',
        answeredAt: null,
        videoTitle: video.title.slice(0, 200),
        inviter: channel.documentId,
      };
      const row = (
        existing
          ? await rows().update({ where: { id: existing.id }, data })
          : await rows().create({ data: { ...data, video: documentId, invitee: invitee.documentId } })
      ) as Row;
      strapi.log.info(`[collaboration] video ${documentId}: @${invitee.handle} invited`);
      return (await views([row]))[0]!;
    },

    /** What waits for this user: invitations to its channel, and those it sent. */
    async mine(
      userId: number,
    ): Promise<{ received: CollaborationInvitationView[]; sent: CollaborationInvitationView[] }> {
      const channel = await channelOf(userId);
      if (!channel) return { received: [], sent: [] };
      const [received, sent] = await Promise.all([
        rows().findMany({ where: { invitee: channel.documentId, state: 'pending' }, orderBy: { createdAt: 'desc' } }),
        rows().findMany({ where: { inviter: channel.documentId, state: 'pending' }, orderBy: { createdAt: 'desc' } }),
      ]);
      return { received: await views(received as Row[]), sent: await views(sent as Row[]) };
    },

    /** A video's invitations, for its owner's edit view. */
    async ofVideo(documentId: string, userId: number): Promise<CollaborationInvitationView[]> {
      const channel = await channelOf(userId);
      const owned =
        channel && (await strapi.db.query(VIDEO).count({ where: { documentId, creator: { id: channel.id } } })) > 0;
      if (!owned) throw notFound('No such video of yours.');
      return views((await rows().findMany({ where: { video: documentId }, orderBy: { createdAt: 'desc' } })) as Row[]);
    },

    async accept(id: number, userId: number): Promise<CollaborationInvitationView> {
      const { row, channel } = await addressedTo(id, userId);
      const versions = (await strapi.db
        .query(VIDEO)
        .findMany({ where: { documentId: row.video }, select: ['id'] })) as Array<{ id: number }>;
      if (versions.length === 0) throw notFound('The video was deleted.');
      for (const version of versions)
        await strapi.db
          .query(VIDEO)
          .update({ where: { id: version.id }, data: { collaborators: { connect: [{ id: channel.id }] } } });
      await rows().update({ where: { id }, data: { state: 'accepted', answeredAt: new Date() } });
      announce(row.video);
      return (await views([{ ...row, state: 'accepted', answeredAt: new Date() }]))[0]!;
    },

    async decline(id: number, userId: number): Promise<CollaborationInvitationView> {
      const { row } = await addressedTo(id, userId);
      await rows().update({ where: { id }, data: { state: 'declined', answeredAt: new Date() } });
      return (await views([{ ...row, state: 'declined', answeredAt: new Date() }]))[0]!;
    },

    /** The owner takes back an invitation that waits. */
    async withdraw(id: number, userId: number): Promise<CollaborationInvitationView> {
      const channel = await channelOf(userId);
      const row = (await rows().findOne({ where: { id } })) as Row | null;
      if (!row || !channel || row.inviter !== channel.documentId) throw notFound('No such invitation.');
      if (row.state !== 'pending') throw conflict(`This invitation was ${row.state} already.`);
      await rows().update({ where: { id }, data: { state: 'withdrawn', answeredAt: new Date() } });
      return (await views([{ ...row, state: 'withdrawn', answeredAt: new Date() }]))[0]!;
    },

    /** A deleted video takes its invitations with it. */
    async forgetVideo(documentId: string): Promise<void> {
      if ((await strapi.db.query(VIDEO).count({ where: { documentId } })) === 0)
        await rows().deleteMany({ where: { video: documentId } });
    },
  };
};

export default invitationsService;
export type InvitationsService = ReturnType<typeof invitationsService>;
