/**
 * Confirmed viewer accounts for API tests, signed in through POST /api/auth/local as the site does (each from an
 * address of its own, so the sign-in limits of one test never touch another).
 */
import request from 'supertest';
import type { TestCms } from './strapi';

export const VIEWER_PASSWORD = 'correct horse battery staple';

export type TestViewer = {
  id: number;
  username: string;
  jwt: string;
  refreshToken: string;
  auth: Record<string, string>;
};

let addresses = 0;

export async function createViewer(
  cms: TestCms,
  username: string,
  { createdDaysAgo = 30, email }: { createdDaysAgo?: number; email?: string } = {},
): Promise<TestViewer> {
  const role = (await cms.strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } })) as { id: number };
  const user = (await cms.strapi
    .plugin('users-permissions')
    .service('user')
    .add({
      username,
      email: email ?? `${username}@viewers.test`,
      password: VIEWER_PASSWORD,
      provider: 'local',
      confirmed: true,
      role: role.id,
    })) as { id: number };
  if (createdDaysAgo) {
    await cms.strapi.db
      .query('plugin::users-permissions.user')
      .update({ where: { id: user.id }, data: { createdAt: new Date(Date.now() - createdDaysAgo * 86_400_000) } });
  }
  addresses += 1;
  const signedIn = await request(cms.server)
    .post('/api/auth/local')
    .set('X-Forwarded-For', `10.77.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`)
    .send({ identifier: username, password: VIEWER_PASSWORD });
  if (signedIn.status !== 200)
    throw new Error(`could not sign ${username} in: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
  const { jwt, refreshToken } = signedIn.body as { jwt: string; refreshToken: string };
  return { id: user.id, username, jwt, refreshToken, auth: { Authorization: `Bearer ${jwt}` } };
}
