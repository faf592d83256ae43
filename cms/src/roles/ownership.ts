/**
 * The channel rules on every write a Creator makes through any admin road (content manager, plugin routes),
 * as a document service middleware: RBAC conditions cover the content manager's own checks, but not clone
 * (it checks only the create permission), not what a write links to, and not which fields only an owner sets.
 *
 * - create and clone: the new document is on the creator's own profile, whatever was sent; clone only from
 *   a document of its own channel (a collaborator may edit bob's video, not copy it to its own channel).
 * - update: owner or (videos) collaborator; only the owner changes collaborators, nobody moves a document
 *   to another profile.
 * - publish, unpublish, discard, delete: the owner only.
 * - every write: links only to documents the creator may open (or that the document links to already).
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { actingCreator, type ActingCreator } from './acting-creator';
import {
  ASSIGNED_TO_PROFILE,
  CHANNEL_FIELD,
  CREATOR_PROFILE,
  OWNER_ONLY_FIELDS,
  VIDEO,
  assertLinksReadable,
  changedOwnerOnlyValues,
  changesField,
  collaboratesOn,
  collectLinks,
  isChannelType,
  linkedFrom,
  ownsDocument,
  profileOf,
  refusal,
} from './channel';

const WRITE_ACTIONS = new Set(['create', 'clone', 'update', 'publish', 'unpublish', 'discardDraft', 'delete']);
const OWNER_ACTIONS = new Set(['publish', 'unpublish', 'discardDraft', 'delete']);

type WriteParams = { documentId?: string; data?: Record<string, unknown> };

async function assignProfile(strapi: Core.Strapi, actor: ActingCreator, params: WriteParams): Promise<void> {
  const profile = await profileOf(strapi, actor.user.id);
  if (!profile) throw refusal('Your account has no creator profile yet. Ask a moderator to set one up.');
  params.data = { ...(params.data ?? {}), creator: { set: [{ documentId: profile.documentId }] } };
}

/**
 * The rules of an update: owner or (videos) collaborator, only the owner changes collaborators, nobody moves a
 * document to another profile, links only to what the creator may open. The route guard runs them on the body
 * as sent, before the content manager drops the fields a creator may not write (it would answer 200 for them).
 */
export async function assertUpdateAllowed(
  strapi: Core.Strapi,
  actor: ActingCreator,
  uid: string,
  documentId: string | undefined,
  data: unknown,
): Promise<void> {
  if (isChannelType(uid) && documentId) {
    const owner = await ownsDocument(strapi, uid, documentId, actor.user.id);
    if (!owner && !(uid === VIDEO && (await collaboratesOn(strapi, documentId, actor.user.id)))) {
      throw refusal('This is not a document of your channel.');
    }
    const links = collectLinks(strapi, uid, data);
    if (changesField(links, CHANNEL_FIELD[uid])) throw refusal('A document stays on the profile it was made on.');
    const ownerOnly = OWNER_ONLY_FIELDS[uid].filter((field) => changesField(links, field));
    if (!owner && ownerOnly.length > 0) throw refusal(`Only the owner can change ${ownerOnly.join(', ')}.`);
    const ownerOnlyValues = owner ? [] : await changedOwnerOnlyValues(strapi, uid, documentId, data);
    if (ownerOnlyValues.length > 0) {
      const times = ownerOnlyValues.every((field) => field === 'scheduledAt' || field === 'unpublishAt');
      throw refusal(
        `Only the owner can change ${ownerOnlyValues.join(', ')}: ${times ? 'a scheduled time publishes or unpublishes the video' : 'it decides when the video goes out'}.`,
      );
    }
  }
  await assertLinksReadable(strapi, actor, uid, data, await linkedFrom(strapi, uid, documentId));
}

/**
 * The content manager empties, on a clone, every field the creator may not set (moderation, pipeline, counters);
 * a required field left empty takes its default, as on a create.
 */
function startLikeACreate(strapi: Core.Strapi, uid: string, params: WriteParams): void {
  const attributes = (
    strapi.getModel(uid as UID.Schema) as unknown as { attributes: Record<string, { default?: unknown }> }
  ).attributes;
  for (const [field, attribute] of Object.entries(attributes)) {
    if (params.data && params.data[field] === null && attribute.default !== undefined)
      params.data[field] = attribute.default;
  }
}

async function enforceChannelRules(
  strapi: Core.Strapi,
  actor: ActingCreator,
  uid: string,
  action: string,
  params: WriteParams,
): Promise<void> {
  const channel = isChannelType(uid);
  const userId = actor.user.id;
  const documentId = params.documentId;

  if (action === 'create') {
    if (uid === CREATOR_PROFILE) throw refusal('Creator profiles are set up by a moderator.');
    await assertLinksReadable(strapi, actor, uid, params.data, new Set(), channel ? [CHANNEL_FIELD[uid]] : []);
    if (ASSIGNED_TO_PROFILE.has(uid)) await assignProfile(strapi, actor, params);
    return;
  }

  if (action === 'clone') {
    if (uid === CREATOR_PROFILE) throw refusal('Creator profiles are set up by a moderator.');
    // 404 rather than 403: the answer must not tell another creator's document from one that does not exist
    if (!channel || !(await ownsDocument(strapi, uid, documentId ?? '', userId)))
      throw new errors.NotFoundError('No such document to duplicate.');
    await assertLinksReadable(strapi, actor, uid, params.data, await linkedFrom(strapi, uid, documentId), [
      CHANNEL_FIELD[uid],
    ]);
    if (ASSIGNED_TO_PROFILE.has(uid)) await assignProfile(strapi, actor, params);
    startLikeACreate(strapi, uid, params);
    return;
  }

  if (action === 'update') return assertUpdateAllowed(strapi, actor, uid, documentId, params.data);

  if (OWNER_ACTIONS.has(action) && channel && !(await ownsDocument(strapi, uid, documentId ?? '', userId))) {
    throw refusal('Only the owner can publish, unpublish, discard or delete this document.');
  }
}

export function registerCreatorOwnership(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!WRITE_ACTIONS.has(context.action)) return next();
    const actor = actingCreator(strapi);
    if (!actor) return next();
    await enforceChannelRules(strapi, actor, context.uid, context.action, context.params as WriteParams);
    return next();
  });
}
