import request from 'supertest';
import { startTestCms, type TestCms } from '../setup/strapi';

let cms: TestCms;
beforeAll(async () => {
  cms = await startTestCms();
});
afterAll(async () => {
  await cms?.stop();
});

describe('GET /api/health', () => {
  it('reports the process, the database and the version', async () => {
    const response = await request(cms.server).get('/api/health').expect(200).expect('Cache-Control', 'no-store');
    expect(response.body).toMatchObject({
      status: 'ok',
      version: expect.any(String),
      database: { reachable: true, client: cms.database === 'postgres' ? 'postgres' : 'sqlite' },
      search: { engine: 'embedded', ready: true },
    });
  });

  it('answers 503 when the database is gone', async () => {
    const db = cms.strapi.db as unknown as { connection: object };
    const real = db.connection;
    db.connection = new Proxy(real, {
      get: (target, property) =>
        property === 'raw' ? () => Promise.reject(new Error('connection refused')) : Reflect.get(target, property),
    });
    try {
      const response = await request(cms.server).get('/api/health').expect(503);
      expect(response.body).toMatchObject({
        status: 'degraded',
        database: { reachable: false, error: 'connection refused' },
      });
    } finally {
      db.connection = real;
    }
  });
});

describe('GET /favicon.ico', () => {
  it('serves the Framecast icon (browsers ask for it on every admin page; a missing file was a 500)', async () => {
    const response = await request(cms.server).get('/favicon.ico').expect(200);
    expect(response.headers['content-type']).toMatch(/^image\//);
    expect(Number(response.headers['content-length'] ?? response.body.length)).toBeGreaterThan(100);
  });
});
