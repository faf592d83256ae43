/**
 * The admin panel roles Framecast needs, kept in step with this file at every boot (idempotent: the role
 * service diffs the permission set, so an unchanged boot writes nothing).
 */
import type { Core } from '@strapi/strapi';
import { CONDITIONS } from './conditions';

export const ROLE_CODES = { moderator: 'framecast-moderator', creator: 'framecast-creator' } as const;

const VIDEO = 'api::video.video';
const PLAYLIST = 'api::playlist.playlist';
const CREATOR = 'api::creator.creator';
const CATALOG_TYPES = [VIDEO, PLAYLIST, CREATOR, 'api::category.category', 'api::tag.tag'];

const CM = 'plugin::content-manager.explorer';
const VIEWER = 'plugin::users-permissions.user';
const AUDIT_ENTRY = 'plugin::accounts.audit-entry';
const PROFILE = 'plugin::accounts.profile';
const COMMENT = 'plugin::community.comment';
const COMMENT_REPORT = 'plugin::community.comment-report';
const VIDEO_REPORT = 'plugin::community.video-report';
const RATING = 'plugin::community.rating';
const TOPIC = 'plugin::community.topic';
/** What a creator may do with comments on its videos: hide or show them, pin one. */
const CREATOR_COMMENT_FIELDS = ['state', 'pinned'];
const CREATOR_COMMENT_READ_FIELDS = [
  'video',
  'videoTitle',
  'authorName',
  'thread',
  'replyTo',
  'body',
  'state',
  'heldReason',
  'pinned',
  'editedAt',
  'reportCount',
];

/** Fields a creator may write on a video: the pipeline, moderation and counters are not theirs. */
const CREATOR_VIDEO_FIELDS = [
  'title',
  'slug',
  'description',
  'source',
  'visibility',
  'poster',
  'captions.language',
  'captions.label',
  'captions.file',
  'captions.isDefault',
  'chapters.startSeconds',
  'chapters.title',
  'category',
  'tags',
  'collaborators',
  'scheduledAt',
  'publishEarly',
  'premiere',
  'unpublishAt',
  'language',
];
/** What a creator sees on its videos: its own fields plus the read-only state the pipeline sets. */
const CREATOR_VIDEO_READ_FIELDS = [
  ...CREATOR_VIDEO_FIELDS,
  'creator',
  'processingStatus',
  'failureReason',
  'moderationState',
  'duration',
  'width',
  'height',
  'frameRate',
  'videoCodec',
  'audioCodec',
  'processingProgress',
  'sourceName',
  'sourceSize',
  'viewCount',
  'ratingAverage',
  'ratingCount',
  'commentCount',
  'playlists',
];
const CREATOR_PLAYLIST_FIELDS = [
  'title',
  'slug',
  'description',
  'visibility',
  'videos',
  'isCourse',
  'sections.title',
  'sections.fromLesson',
];
const CREATOR_PROFILE_FIELDS = [
  'displayName',
  'bio',
  'avatar',
  'banner',
  'socialLinks.platform',
  'socialLinks.url',
  'contactEmail',
];

type PermissionSpec = {
  action: string;
  subject?: string | null;
  properties?: { fields?: string[]; locales?: string[] };
  conditions?: string[];
};

/** The transcoding plugin's own actions: upload page, queue page, retry. */
const VIDEO_PIPELINE_ACTIONS = [
  'plugin::transcoding.upload',
  'plugin::transcoding.queue.read',
  'plugin::transcoding.queue.retry',
];

/** The analytics plugin's: `read` shows one's own channel; `read-all` every channel and the platform (staff). */
const ANALYTICS_OWN = 'plugin::analytics.read';
const ANALYTICS_ALL = 'plugin::analytics.read-all';

/** The moderation plugin's: staff review the queue; a creator reads and appeals decisions on its own videos. */
const MODERATION_REVIEW = 'plugin::moderation.review';
const MODERATION_APPEAL = 'plugin::moderation.appeal';

const UPLOAD_ACTIONS = [
  'plugin::upload.read',
  'plugin::upload.assets.create',
  'plugin::upload.assets.update',
  'plugin::upload.assets.download',
  'plugin::upload.assets.copy-link',
];

function moderatorPermissions(strapi: Core.Strapi): PermissionSpec[] {
  const permissions: PermissionSpec[] = [];
  for (const uid of CATALOG_TYPES) {
    const model = strapi.getModel(uid as Parameters<Core.Strapi['getModel']>[0]) as
      { options?: { draftAndPublish?: boolean } } | undefined;
    const hasDraftAndPublish = Boolean(model?.options?.draftAndPublish);
    for (const verb of ['create', 'read', 'update', 'delete', ...(hasDraftAndPublish ? ['publish'] : [])]) {
      permissions.push({ action: `${CM}.${verb}`, subject: uid });
    }
  }
  permissions.push(...UPLOAD_ACTIONS.map((action) => ({ action })));
  permissions.push(...VIDEO_PIPELINE_ACTIONS.map((action) => ({ action })));
  permissions.push({ action: ANALYTICS_OWN }, { action: ANALYTICS_ALL });
  // viewer accounts: block, unblock and confirm them (not create or delete: a viewer deletes their own); read the audit trail
  permissions.push(
    { action: `${CM}.read`, subject: VIEWER },
    { action: `${CM}.update`, subject: VIEWER, properties: { fields: ['blocked', 'confirmed'] } },
  );
  permissions.push({ action: `${CM}.read`, subject: AUDIT_ENTRY });
  // the community: hold, hide, pin or delete comments and forum posts, hide, lock or delete topics, review reports and
  // ratings, see viewer profiles
  for (const verb of ['read', 'update', 'delete'])
    permissions.push(
      { action: `${CM}.${verb}`, subject: COMMENT },
      { action: `${CM}.${verb}`, subject: RATING },
      { action: `${CM}.${verb}`, subject: TOPIC },
    );
  permissions.push(
    { action: `${CM}.read`, subject: COMMENT_REPORT },
    { action: `${CM}.delete`, subject: COMMENT_REPORT },
    // viewers' reports of videos (who reported stays with staff): read them, dismiss them by deleting
    { action: `${CM}.read`, subject: VIDEO_REPORT },
    { action: `${CM}.delete`, subject: VIDEO_REPORT },
  );
  permissions.push({ action: `${CM}.read`, subject: PROFILE });
  // the review queue, its decisions and the moderation log (plugins/moderation); the record of bulk edits
  permissions.push({ action: MODERATION_REVIEW }, { action: `${CM}.read`, subject: 'plugin::publishing.bulk-edit' });
  // creator applications: approve (an admin account and a channel) or decline (plugins/onboarding)
  permissions.push({ action: 'plugin::onboarding.review' });
  // what visitors sent from the site's feedback form: read it, mark it planned, done or won't do (plugins/feedback)
  permissions.push({ action: 'plugin::feedback.triage' });
  return permissions;
}

function creatorPermissions(): PermissionSpec[] {
  const ownVideo = [CONDITIONS.ownsVideo];
  const ownPlaylist = [CONDITIONS.ownsPlaylist];
  return [
    // create carries no condition (there is no document yet); the ownership middleware assigns the profile
    { action: `${CM}.create`, subject: VIDEO, properties: { fields: CREATOR_VIDEO_FIELDS } },
    { action: `${CM}.read`, subject: VIDEO, properties: { fields: CREATOR_VIDEO_READ_FIELDS }, conditions: ownVideo },
    { action: `${CM}.update`, subject: VIDEO, properties: { fields: CREATOR_VIDEO_FIELDS }, conditions: ownVideo },
    // collaborators read and edit; only the video's own channel publishes, unpublishes or deletes it
    { action: `${CM}.delete`, subject: VIDEO, conditions: [CONDITIONS.isVideoOwner] },
    { action: `${CM}.publish`, subject: VIDEO, conditions: [CONDITIONS.isVideoOwner] },
    { action: `${CM}.create`, subject: PLAYLIST, properties: { fields: CREATOR_PLAYLIST_FIELDS } },
    {
      action: `${CM}.read`,
      subject: PLAYLIST,
      properties: { fields: [...CREATOR_PLAYLIST_FIELDS, 'creator'] },
      conditions: ownPlaylist,
    },
    {
      action: `${CM}.update`,
      subject: PLAYLIST,
      properties: { fields: CREATOR_PLAYLIST_FIELDS },
      conditions: ownPlaylist,
    },
    { action: `${CM}.delete`, subject: PLAYLIST, conditions: ownPlaylist },
    { action: `${CM}.publish`, subject: PLAYLIST, conditions: ownPlaylist },
    {
      action: `${CM}.read`,
      subject: CREATOR,
      properties: { fields: [...CREATOR_PROFILE_FIELDS, 'handle', 'verified'] },
      conditions: [CONDITIONS.ownsProfile],
    },
    {
      action: `${CM}.update`,
      subject: CREATOR,
      properties: { fields: CREATOR_PROFILE_FIELDS },
      conditions: [CONDITIONS.ownsProfile],
    },
    {
      action: `${CM}.read`,
      subject: COMMENT,
      properties: { fields: CREATOR_COMMENT_READ_FIELDS },
      conditions: [CONDITIONS.onOwnVideo],
    },
    {
      action: `${CM}.update`,
      subject: COMMENT,
      properties: { fields: CREATOR_COMMENT_FIELDS },
      conditions: [CONDITIONS.onOwnVideo],
    },
    // categories and tags are read so the relation pickers work
    { action: `${CM}.read`, subject: 'api::category.category' },
    { action: `${CM}.read`, subject: 'api::tag.tag' },
    { action: 'plugin::upload.read', conditions: ['admin::is-creator'] },
    { action: 'plugin::upload.assets.create' },
    { action: 'plugin::upload.assets.update', conditions: ['admin::is-creator'] },
    { action: 'plugin::upload.assets.download', conditions: ['admin::is-creator'] },
    { action: 'plugin::upload.assets.copy-link', conditions: ['admin::is-creator'] },
    // the queue and status routes show a creator only the jobs of videos it may read
    ...VIDEO_PIPELINE_ACTIONS.map((action) => ({ action })),
    // their own channel's numbers only (controllers/reports.ts in plugins/analytics)
    { action: ANALYTICS_OWN },
    // decisions on their own videos, and one appeal of each (controllers/appeals.ts in plugins/moderation)
    { action: MODERATION_APPEAL },
    // invitations to collaborate: answer those to their channel, follow those they sent (plugins/collaboration)
    { action: 'plugin::collaboration.invitations' },
    // their own first steps on the admin home page (plugins/onboarding)
    { action: 'plugin::onboarding.checklist' },
  ];
}

async function ensureRole(
  strapi: Core.Strapi,
  code: string,
  name: string,
  description: string,
  permissions: PermissionSpec[],
) {
  const roleService = strapi.service('admin::role');
  let role = await strapi.db.query('admin::role').findOne({ where: { code } });
  if (!role) role = await roleService.create({ name, code, description });
  await roleService.assignPermissions(role.id, permissions);
  return role as { id: number; code: string };
}

export async function ensureAdminRoles(strapi: Core.Strapi) {
  const moderator = await ensureRole(
    strapi,
    ROLE_CODES.moderator,
    'Moderator',
    'Reviews and moderates all content: every video, playlist and profile, including moderation fields. No settings.',
    moderatorPermissions(strapi),
  );
  const creator = await ensureRole(
    strapi,
    ROLE_CODES.creator,
    'Creator',
    'Publishes its own videos and playlists and edits its own creator profile; sees nobody else’s.',
    creatorPermissions(),
  );
  return { moderator, creator };
}
