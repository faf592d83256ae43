/**
 * A new creator's first steps on the admin home page (plugins/onboarding `GET /onboarding/checklist`): each step read
 * from what the creator has done on their own channel, never anyone else's, and only for the Creator role; and where
 * the admin pages' help icons lead.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { CreatorChecklist } from '@framecast/contracts';
import { adminToken, createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleTranscoding, startTestCms, type TestCms } from '../setup/strapi';

let cms: TestCms;
let fixture: Fixture;
const tokens = { alice: '', bob: '', moderator: '' };

beforeAll(async () => {
  process.env.SITE_URL = 'https://watch.example';
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  await settleTranscoding(cms.strapi);
  tokens.alice = await adminToken(cms, 'alice@fixture.test');
  tokens.bob = await adminToken(cms, 'bob@fixture.test');
  tokens.moderator = await adminToken(cms, 'mod@fixture.test');
}, 180_000);
afterAll(async () => {
  delete process.env.SITE_URL;
  await cms?.stop();
});

const checklist = async (who: keyof typeof tokens) => {
  const response = await request(cms.server).get('/onboarding/checklist').set('Authorization', `Bearer ${tokens[who]}`);
  return response;
};
const doneSteps = (list: CreatorChecklist) => list.steps.filter((step) => step.done).map((step) => step.key);

test('the steps tick themselves from what the creator did, on their own channel only, until all are done', async () => {
  const first = await checklist('alice');
  expect(first.status).toBe(200);
  const before = first.body.data as CreatorChecklist;
  expect(before.steps.map((step) => step.key)).toEqual(['profile', 'avatar', 'upload', 'publish', 'captions']);
  expect(doneSteps(before)).toEqual(['upload', 'publish']);
  expect(before).toMatchObject({ done: 2, complete: false });
  expect(before.steps.find((step) => step.key === 'profile')!.href).toBe(
    `/content-manager/collection-types/api::creator.creator/${fixture.creators.alice.documentId}`,
  );

  const image = await cms.strapi.db.query('plugin::upload.file').create({
    data: {
      name: 'a.png',
      hash: 'avatar_a',
      ext: '.png',
      mime: 'image/png',
      size: 1,
      url: '/uploads/avatar_a.png',
      provider: 'local',
    },
  });
  const captions = await cms.strapi.db.query('plugin::upload.file').create({
    data: {
      name: 'c.vtt',
      hash: 'captions_c',
      ext: '.vtt',
      mime: 'text/vtt',
      size: 1,
      url: '/uploads/captions_c.vtt',
      provider: 'local',
    },
  });
  // a real caption file: tracks are checked when they are attached (plugins/transcoding media/caption-tracks.ts)
  mkdirSync(path.join(cms.publicDir, 'uploads'), { recursive: true });
  writeFileSync(path.join(cms.publicDir, 'uploads', 'captions_c.vtt'), 'WEBVTT\n\n00:01.000 --> 00:02.000\nHello\n');
  const withCaptions = (documentId: string) =>
    cms.strapi.documents('api::video.video').update({
      documentId,
      data: { captions: [{ language: 'en', label: 'English', file: captions.id }] } as never,
    });
  await cms.strapi.documents('api::creator.creator').update({
    documentId: fixture.creators.alice.documentId,
    data: { bio: 'Physics, slowly.', avatar: image.id } as never,
  });
  // captions on another channel's video tick nothing for Alice
  await withCaptions(fixture.videos.bobPublic.documentId);
  expect(doneSteps((await checklist('alice')).body.data)).toEqual(['profile', 'avatar', 'upload', 'publish']);
  expect(doneSteps((await checklist('bob')).body.data)).toContain('captions');

  await withCaptions(fixture.videos.alicePublic.documentId);
  expect((await checklist('alice')).body.data).toMatchObject({ done: 5, complete: true });
});

test('only the Creator role has a checklist: a moderator is refused, and so is a request without a session', async () => {
  expect((await checklist('moderator')).status).toBe(403);
  expect((await request(cms.server).get('/onboarding/checklist')).status).toBe(401);
});

test('the help icons lead to the help center on the site, for any admin user', async () => {
  for (const who of ['alice', 'moderator'] as const) {
    const response = await request(cms.server).get('/onboarding/help').set('Authorization', `Bearer ${tokens[who]}`);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      upload: 'https://watch.example/help/creators/uploading-and-formats',
      queue: 'https://watch.example/help/creators/processing-states',
      analytics: 'https://watch.example/help/creators/analytics',
      review: 'https://watch.example/help/moderators/review-queue',
    });
  }
  expect((await request(cms.server).get('/onboarding/help')).status).toBe(401);
});
