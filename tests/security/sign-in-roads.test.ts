/**
 * Every road to users-permissions' sign-in, sign-up, password and user controllers goes through the accounts guards
 * (lockout, per-address limit, password policy, audit) or is closed:
 * - GraphQL: the live schema is walked, and no query or mutation may return a users-permissions type; each of
 *   users-permissions' own operations (login, register, ...) is refused as an unknown field;
 * - REST: users-permissions' route list is read from its package (so a route a new version adds is covered), and each
 *   route must answer 404 (405) unless this file names it as guarded or open; the running router is checked the same way.
 * On the old code the login mutation signed in after the account was locked over REST, and POST /api/users, PUT
 * /api/users/:id and GET /api/connect/* were reachable.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { startTestCms, type TestCms } from '../integration/setup/strapi';
import { createViewer, VIEWER_PASSWORD, type TestViewer } from '../integration/setup/viewers';

let cms: TestCms;
let viewer: TestViewer;

/** The roads the site uses: guarded by the accounts plugin, or open because no password goes through them. */
const REACHABLE: Record<string, string> = {
  'POST /auth/local': 'guarded: sign-in guard',
  'POST /auth/local/register': 'guarded: sign-up rules',
  'POST /auth/reset-password': 'guarded: password policy',
  'POST /auth/change-password': 'guarded: password policy',
  'GET /auth/email-confirmation': 'audited',
  'POST /auth/send-email-confirmation': 'audited, same answer for every email',
  'POST /auth/forgot-password': 'audited, same answer for every email',
  'POST /auth/logout': 'audited',
  'POST /auth/refresh': 'open: the refresh token is the credential',
  'GET /users/me': 'open: the viewer reads its own account',
};

/** users-permissions' operations as it declares them (graphql/mutations and queries of its package). */
const UP_OPERATIONS: Array<{ name: string; document: string }> = [
  { name: 'login', document: 'mutation { login(input: { identifier: "IDENT", password: "PASS" }) { jwt } }' },
  {
    name: 'register',
    document:
      'mutation { register(input: { username: "graphql-user", email: "g@example.test", password: "x" }) { jwt } }',
  },
  { name: 'forgotPassword', document: 'mutation { forgotPassword(email: "g@example.test") { ok } }' },
  {
    name: 'resetPassword',
    document:
      'mutation { resetPassword(password: "aaaaaaaaaaaa", passwordConfirmation: "aaaaaaaaaaaa", code: "x") { jwt } }',
  },
  {
    name: 'changePassword',
    document: 'mutation { changePassword(currentPassword: "PASS", password: "a", passwordConfirmation: "a") { jwt } }',
  },
  { name: 'emailConfirmation', document: 'mutation { emailConfirmation(confirmation: "x") { jwt } }' },
  {
    name: 'createUsersPermissionsUser',
    document:
      'mutation { createUsersPermissionsUser(data: { username: "x", email: "x@example.test", password: "x" }) { data { id } } }',
  },
  {
    name: 'updateUsersPermissionsUser',
    document: 'mutation { updateUsersPermissionsUser(id: "1", data: { password: "x" }) { data { id } } }',
  },
  { name: 'deleteUsersPermissionsUser', document: 'mutation { deleteUsersPermissionsUser(id: "1") { data { id } } }' },
  {
    name: 'createUsersPermissionsRole',
    document: 'mutation { createUsersPermissionsRole(data: { name: "x" }) { ok } }',
  },
  {
    name: 'updateUsersPermissionsRole',
    document: 'mutation { updateUsersPermissionsRole(id: "1", data: { name: "x" }) { ok } }',
  },
  { name: 'deleteUsersPermissionsRole', document: 'mutation { deleteUsersPermissionsRole(id: "1") { ok } }' },
  { name: 'me', document: '{ me { id username email } }' },
  { name: 'usersPermissionsUsers', document: '{ usersPermissionsUsers { username email } }' },
  { name: 'usersPermissionsUser', document: '{ usersPermissionsUser(documentId: "x") { username } }' },
  { name: 'usersPermissionsRoles', document: '{ usersPermissionsRoles { name } }' },
  { name: 'usersPermissionsRole', document: '{ usersPermissionsRole(documentId: "x") { name } }' },
];

const graphql = (query: string, jwt?: string) => {
  const call = request(cms.server).post('/graphql').set('X-Forwarded-For', '198.51.100.201').send({ query });
  return jwt ? call.set('Authorization', `Bearer ${jwt}`) : call;
};

type TypeRef = { name: string | null; kind: string; ofType: TypeRef | null };
const named = (type: TypeRef): string => (type.ofType ? named(type.ofType) : (type.name ?? ''));

beforeAll(async () => {
  cms = await startTestCms();
  viewer = await createViewer(cms, 'roadtester');
});
afterAll(async () => {
  await cms?.stop();
});

describe('GraphQL', () => {
  test('no query or mutation of the live schema returns a users-permissions type, and no type of theirs is left', async () => {
    const response = await graphql(`
      {
        __schema {
          queryType {
            fields {
              name
              type {
                ...Ref
              }
            }
          }
          mutationType {
            fields {
              name
              type {
                ...Ref
              }
            }
          }
          types {
            name
          }
        }
      }
      fragment Ref on __Type {
        name
        kind
        ofType {
          name
          kind
          ofType {
            name
            kind
            ofType {
              name
              kind
            }
          }
        }
      }
    `);
    expect(response.status).toBe(200);
    const schema = response.body.data.__schema as {
      queryType: { fields: Array<{ name: string; type: TypeRef }> };
      mutationType: { fields: Array<{ name: string; type: TypeRef }> } | null;
      types: Array<{ name: string }>;
    };
    const roots = [...schema.queryType.fields, ...(schema.mutationType?.fields ?? [])];
    expect(roots.length).toBeGreaterThan(10);
    expect(roots.map((field) => field.name)).toContain('videos');
    expect(
      roots.filter((field) => named(field.type).startsWith('UsersPermissions')).map((field) => field.name),
    ).toEqual([]);
    // payloads and inputs only the removed operations used are gone too
    const types = schema.types.map((type) => type.name);
    for (const gone of [
      'UsersPermissionsLoginPayload',
      'UsersPermissionsLoginInput',
      'UsersPermissionsRegisterInput',
      'UsersPermissionsPasswordPayload',
      'UsersPermissionsMe',
    ]) {
      expect(types).not.toContain(gone);
    }
    expect(roots.filter((field) => /^accounts|Account/.test(field.name)).map((field) => field.name)).toEqual([]);
  });

  test.each(UP_OPERATIONS)('$name is refused as an unknown field, signed in or not', async ({ name, document }) => {
    const query = document.replace('IDENT', viewer.username).replace(/PASS/g, VIEWER_PASSWORD);
    for (const jwt of [undefined, viewer.jwt]) {
      const response = await graphql(query, jwt);
      expect(response.status).toBe(400);
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors[0]).toMatchObject({
        message: expect.stringMatching(new RegExp(`^Cannot query field "${name}" on type "(Query|Mutation)"`)),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
      expect(JSON.stringify(response.body)).not.toMatch(/"jwt"|refreshToken|roadtester@/);
    }
  });
});

describe('REST', () => {
  type Route = { method: string; path: string; handler: string };
  const cmsDir = path.resolve(__dirname, '..', '..', 'cms');

  /** users-permissions' content-API routes, as its package declares them (a fresh list, not the one the CMS changed). */
  function upstreamRoutes(): Route[] {
    const packageDir = path.dirname(
      require.resolve('@strapi/plugin-users-permissions/package.json', { paths: [cmsDir] }),
    );
    const routesDir = path.join(packageDir, 'dist', 'server', 'routes', 'content-api');
    const routes: Route[] = [];
    for (const file of readdirSync(routesDir).filter(
      (name) => name.endsWith('.js') && !['index.js', 'validation.js'].includes(name),
    )) {
      const build = (require(path.join(routesDir, file)) as { __require(): (strapi: unknown) => Route[] }).__require();
      routes.push(...build(cms.strapi));
    }
    return routes;
  }

  /** A concrete URL for a route path, with ids that exist (the viewer's own account) where a route takes one. */
  const concrete = (routePath: string) =>
    `/api${routePath
      .replace(':provider', 'local')
      .replace(':sessionId', 'some-session')
      .replace(/:id|:role/, String(viewer.id))
      .replace('(.*)', 'github')}`;

  test('users-permissions still declares the roads the site uses (the list below is not stale)', () => {
    const declared = upstreamRoutes().map((route) => `${route.method} ${route.path}`);
    expect(declared.length).toBeGreaterThan(20);
    for (const road of Object.keys(REACHABLE)) expect(declared).toContain(road);
  });

  test('every other route of users-permissions answers 404 (or 405), with a body that would have worked', async () => {
    const body = {
      identifier: viewer.username,
      password: VIEWER_PASSWORD,
      username: 'made-by-api',
      email: 'made@example.test',
      role: 1,
      confirmed: true,
      blocked: false,
    };
    const answers: Record<string, number> = {};
    for (const route of upstreamRoutes()) {
      const key = `${route.method} ${route.path}`;
      if (Object.hasOwn(REACHABLE, key)) continue;
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
      for (const jwt of [undefined, viewer.jwt]) {
        const call = request(cms.server)[method](concrete(route.path)).set('X-Forwarded-For', '198.51.100.202');
        if (jwt) call.set('Authorization', `Bearer ${jwt}`);
        const response = method === 'get' || method === 'delete' ? await call : await call.send(body);
        answers[`${key}${jwt ? ' (signed in)' : ''}`] = response.status;
      }
    }
    expect(Object.keys(answers).length).toBeGreaterThan(30);
    // 405 where another method of the same path is still routed (koa-router's answer): no handler ran either way
    expect(Object.entries(answers).filter(([, status]) => status !== 404 && status !== 405)).toEqual([]);
    // nothing was created or changed through them
    expect(
      await cms.strapi.db.query('plugin::users-permissions.user').count({ where: { username: 'made-by-api' } }),
    ).toBe(0);
    const account = await cms.strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: viewer.id } });
    expect(account).toMatchObject({ username: 'roadtester', blocked: false });
  });

  test('the running router has no users-permissions road but those the site uses', () => {
    const layers = cms.strapi.server.listRoutes() as unknown as Array<{ path: string; methods: string[] }>;
    const upstreamPaths = new Set(upstreamRoutes().map((route) => `/api${route.path}`));
    const live = layers
      .filter((layer) => upstreamPaths.has(layer.path))
      .flatMap((layer) =>
        layer.methods
          .filter((method) => method !== 'HEAD')
          .map((method) => `${method} ${layer.path.slice('/api'.length)}`),
      );
    expect([...new Set(live)].sort()).toEqual(Object.keys(REACHABLE).sort());
  });

  test('sign-in through a closed road does not bypass the lock: GET /api/auth/local/callback with a body is 404', async () => {
    const response = await request(cms.server)
      .get('/api/auth/local/callback')
      .set('X-Forwarded-For', '198.51.100.203')
      .send({ identifier: viewer.username, password: VIEWER_PASSWORD });
    expect(response.status).toBe(404);
    expect(JSON.stringify(response.body)).not.toContain('jwt');
  });

  test('the users-permissions admin routes need an admin, not a viewer token', async () => {
    for (const url of [
      '/users-permissions/roles',
      '/users-permissions/advanced',
      '/users-permissions/providers',
      '/api/users-permissions/roles',
    ]) {
      const response = await request(cms.server).get(url).set('Authorization', `Bearer ${viewer.jwt}`);
      expect({ url, refused: [401, 403, 404].includes(response.status) }).toEqual({ url, refused: true });
    }
  });
});
