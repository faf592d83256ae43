// The account area's CMS calls against a real HTTP server standing in for the plugins' routes.
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'error';
import {
  getCollection,
  markNotificationsRead,
  removeHistoryEntry,
  unreadNotifications,
  updateCollection,
  uploadAvatar,
  CmsNotFoundError,
  CmsRequestError,
  videoSlugs,
} from '../cms';
import { json, useFakeCms } from './support/fake-cms';

const cms = useFakeCms({ CMS_API_TOKEN: 'site-token', CMS_TIMEOUT_MS: '500' });
const seen = cms.seen;
const profile = {
  username: 'ada',
  email: 'ada@example.org',
  displayName: null,
  bio: null,
  avatar: { url: '/uploads/a.png' },
  interests: [],
  notifications: { newVideoEmail: true, replyEmail: false },
  completion: { percent: 25, next: null },
};

it('uploads an avatar as multipart with the viewer token, never the site token', async () => {
  cms.handler = (_seen, res) => json(res, 200, profile);
  const answer = await uploadAvatar(
    'viewer-jwt',
    new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }),
    'me.png',
  );
  expect(answer.avatar).toEqual({ url: '/uploads/a.png' });
  const [call] = seen;
  expect(call?.method).toBe('PUT');
  expect(call?.path).toBe('/api/accounts/profile/avatar');
  expect(call?.headers.authorization).toBe('Bearer viewer-jwt');
  expect(call?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  expect(call?.raw).toContain('name="avatar"; filename="me.png"');
});

it('treats 204 as done and a missing collection as not found', async () => {
  cms.handler = (entry, res) => {
    if (entry.method === 'DELETE') {
      res.writeHead(204).end();
      return;
    }
    json(res, 404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found', details: {} } });
  };
  await expect(removeHistoryEntry('jwt', 'abc')).resolves.toBeUndefined();
  await expect(getCollection('abcdefghij')).rejects.toBeInstanceOf(CmsNotFoundError);
  expect(seen[1]?.headers.authorization).toBeUndefined();
});

it('keeps details.reason of a stale reorder', async () => {
  cms.handler = (_seen, res) =>
    json(res, 409, {
      data: null,
      error: { status: 409, name: 'ConflictError', message: 'The list changed', details: { reason: 'stale-items' } },
    });
  const error = await updateCollection('jwt', 'abcdefghij', { items: ['a'] }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(CmsRequestError);
  expect((error as CmsRequestError).details.reason).toBe('stale-items');
  expect(seen[0]?.method).toBe('PATCH');
  expect(JSON.parse(seen[0]?.raw ?? '{}')).toEqual({ items: ['a'] });
});

it('caches the unread count per viewer until the viewer marks notifications read', async () => {
  let unread = 3;
  cms.handler = (entry, res) => {
    if (entry.method === 'POST') unread = 0;
    json(res, 200, { unread });
  };
  expect(await unreadNotifications(41, 'jwt')).toBe(3);
  expect(await unreadNotifications(41, 'jwt')).toBe(3);
  expect(seen).toHaveLength(1);
  expect(await markNotificationsRead(41, 'jwt')).toBe(0);
  expect(JSON.parse(seen[1]?.raw ?? 'null')).toEqual({});
  expect(await unreadNotifications(41, 'jwt')).toBe(0);
  expect(seen).toHaveLength(2);
});

it('resolves video slugs for a page of notifications in one request', async () => {
  cms.handler = (_seen, res) =>
    json(res, 200, {
      data: [
        { documentId: 'v1', slug: 'one' },
        { documentId: 'v2', slug: 'two' },
      ],
      meta: {},
    });
  const slugs = await videoSlugs(['v1', 'v2', 'v1']);
  expect([...slugs]).toEqual([
    ['v1', 'one'],
    ['v2', 'two'],
  ]);
  expect(seen).toHaveLength(1);
  expect(decodeURIComponent(seen[0]?.path ?? '')).toContain('filters[documentId][$in][0]=v1');
  expect(await videoSlugs([])).toEqual(new Map());
});
