/**
 * Captions as a creator adds them in the admin, and search into videos through the API: SubRip uploads stored as the
 * WebVTT they convert to, broken files refused with the line that is wrong (nothing stored), tracks checked against
 * the video they are attached to (cues inside its duration, one default, a caption file and not an image), and a word
 * said only in a video's captions found by GET /api/search with the line and its second.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { SearchResponse } from '@framecast/contracts';
import { adminToken, createCatalogFixture, type Fixture } from '../setup/catalog-fixture';
import { settleTranscoding, startTestCms, type TestCms } from '../setup/strapi';

const VIDEO = 'api::video.video';
const VIDEOS = '/content-manager/collection-types/api::video.video';
let cms: TestCms;
let fixture: Fixture;
let alice = '';

type Indexer = { settled(): Promise<void> };
const indexer = () => cms.strapi.plugin('discovery').service('indexer') as Indexer;
type Stored = { id: number; ext: string; mime: string; url: string; size: number; name: string };

beforeAll(async () => {
  cms = await startTestCms();
  fixture = await createCatalogFixture(cms.strapi);
  await settleTranscoding(cms.strapi);
  alice = await adminToken(cms, 'alice@fixture.test');
  // the fixture's videos are "ready" without a transcode: give them the duration one would have found
  await cms.strapi.db.query(VIDEO).updateMany({ where: {}, data: { duration: 20 } });
}, 180_000);
afterAll(async () => {
  await cms?.stop();
});

const upload = (body: string, filename: string, contentType = 'application/octet-stream') =>
  request(cms.server)
    .post('/upload')
    .set('Authorization', `Bearer ${alice}`)
    .attach('files', Buffer.from(body, 'utf8'), { filename, contentType });
const fileCount = () => cms.strapi.db.query('plugin::upload.file').count();
const stored = (file: Stored) => readFileSync(path.join(cms.publicDir, file.url), 'utf8');
const vtt = (...cues: Array<[string, string, string]>) =>
  ['WEBVTT', '', ...cues.flatMap(([start, end, text]) => [`${start} --> ${end}`, text, ''])].join('\n');

describe('caption uploads', () => {
  test('a SubRip file is stored as the WebVTT it converts to, cue for cue', async () => {
    const srt =
      '1\r\n00:00:01,000 --> 00:00:04,200\r\nBonjour à tous.\r\n\r\n2\r\n00:00:05,5 --> 00:00:08,000\r\n<font color="red">Le couteau</font> est <i>affûté</i>.\r\n';
    const response = await upload(srt, 'lecon.fr.srt', 'application/x-subrip');
    expect(response.status).toBe(201);
    const [file] = response.body as Stored[];
    expect({ ext: file!.ext, mime: file!.mime, name: file!.name }).toEqual({
      ext: '.vtt',
      mime: 'text/vtt',
      name: 'lecon.fr.vtt',
    });
    const text = stored(file!);
    expect(text).toBe(
      'WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.200\nBonjour à tous.\n\n2\n00:00:05.500 --> 00:00:08.000\nLe couteau est <i>affûté</i>.\n',
    );
    // the size recorded is the stored file's
    expect(file!.size * 1024).toBeCloseTo(Buffer.byteLength(text), -1);
  });

  test('a broken file is refused with 400 naming the line, and nothing is stored', async () => {
    const before = await fileCount();
    const cases: Array<[string, string, RegExp]> = [
      [
        vtt(['00:00:05.000', '00:00:07.000', 'Second'], ['00:00:01.000', '00:00:02.000', 'First']),
        'order.vtt',
        /“order\.vtt” has an error\. Line 6: the cue starts \(00:00:01\.000\) before the cue above it/,
      ],
      [
        vtt(['00:00:04.000', '00:00:02.000', 'Backwards']),
        'back.vtt',
        /Line 3: the cue ends \(00:00:02\.000\) before it starts/,
      ],
      ['WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nArrow\n', 'arrow.vtt', /Line 3: .*is not a cue/],
      [
        'WEBVTT\n\n00:01.5 --> 00:02.000\nShort millis\n',
        'millis.vtt',
        /Line 3: “00:01\.5 --> 00:02\.000” is not a timing/,
      ],
      ['WEBVTT\n\nNOTE only a note\n', 'empty.vtt', /has no cues with text/],
      // SubRip: the line in the file the creator has, not in the converted one
      [
        '1\n00:00:01,000 --> 00:00:03,000\nOne\n\n2\n00:00:02,000 --> 00:00:01,000\nTwo\n',
        'bad.srt',
        /Line 6: the cue ends/,
      ],
    ];
    for (const [body, name, message] of cases) {
      const response = await upload(body, name);
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
      expect(response.body.error.message).toMatch(message);
    }
    const large = vtt(
      ...Array.from({ length: 20_000 }, (_, i): [string, string, string] => [
        `00:${String(Math.floor(i / 600) % 60).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')}.${String((i % 10) * 100).padStart(3, '0')}`,
        `00:${String(Math.floor(i / 600) % 60).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')}.${String((i % 10) * 100 + 50).padStart(3, '0')}`,
        'A line of captions that takes some room in the file.',
      ]),
    );
    const tooLarge = await upload(large, 'large.vtt');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.message).toMatch(/larger than 1024 KiB/);
    expect(await fileCount()).toBe(before);
  });
});

describe('caption tracks on a video', () => {
  const attach = (captions: unknown[]) =>
    request(cms.server)
      .put(`${VIDEOS}/${fixture.videos.alicePublic.documentId}`)
      .set('Authorization', `Bearer ${alice}`)
      .send({ captions });

  test('a cue past the end of the video, two default tracks, or an image as captions: 400 naming the track, and the video keeps its captions', async () => {
    const late = (
      await upload(
        vtt(['00:00:01.000', '00:00:03.000', 'Hi'], ['00:00:18.000', '00:00:25.000', 'Late']),
        'late.vtt',
      ).expect(201)
    ).body[0] as Stored;
    const good = (await upload(vtt(['00:00:01.000', '00:00:03.000', 'Hello']), 'good.vtt').expect(201))
      .body[0] as Stored;
    const png = (
      await request(cms.server)
        .post('/upload')
        .set('Authorization', `Bearer ${alice}`)
        .attach(
          'files',
          Buffer.from(
            'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
            'base64',
          ),
          { filename: 'pixel.png', contentType: 'image/png' },
        )
        .expect(201)
    ).body[0] as Stored;

    const pastTheEnd = await attach([{ language: 'en', label: 'English', file: late.id, isDefault: true }]);
    expect(pastTheEnd.status).toBe(400);
    expect(pastTheEnd.body.error.message).toBe(
      'Caption track 1 (English), “late.vtt”: Line 6: the cue ends at 00:00:25.000, after the end of the video (0:20).',
    );
    const twoDefaults = await attach([
      { language: 'en', label: 'English', file: good.id, isDefault: true },
      { language: 'fr', label: 'Français', file: good.id, isDefault: true },
    ]);
    expect(twoDefaults.status).toBe(400);
    expect(twoDefaults.body.error.message).toMatch(/Only one caption track can be the default/);
    const image = await attach([{ language: 'en', label: 'English', file: png.id }]);
    expect(image.status).toBe(400);
    expect(image.body.error.message).toMatch(/Caption track 1 \(English\): “pixel\.png” is not a WebVTT caption file/);

    const draft = await cms.strapi
      .documents(VIDEO)
      .findOne({ documentId: fixture.videos.alicePublic.documentId, populate: { captions: true } } as never);
    expect((draft as { captions?: unknown[] }).captions ?? []).toEqual([]);

    const saved = await attach([{ language: 'en', label: 'English', file: good.id, isDefault: true }]);
    expect(saved.status).toBe(200);
  });
});

describe('search into videos', () => {
  test('a word said only in the captions finds the video, with the line and the second it starts', async () => {
    const file = (
      await upload(
        vtt(
          ['00:00:01.000', '00:00:04.000', 'Welcome back to the lab.'],
          ['00:00:07.250', '00:00:11.000', 'The interferometer splits one beam into two.'],
        ),
        'lab.vtt',
      ).expect(201)
    ).body[0] as Stored;
    const documentId = fixture.videos.bobPublic.documentId;
    await cms.strapi.documents(VIDEO).update({
      documentId,
      data: { captions: [{ language: 'en', label: 'English', file: file.id, isDefault: true }] },
    } as never);
    await cms.strapi.documents(VIDEO).publish({ documentId } as never);
    await indexer().settled();

    const response = await request(cms.server).get('/api/search').query({ q: 'interferometer' }).expect(200);
    const body = response.body as SearchResponse;
    expect(body.data.map((hit) => hit.video.slug)).toEqual(['bob-public']);
    expect(body.data[0]!.moment).toEqual({
      start: 7,
      kind: 'caption',
      text: [
        { text: 'The ', match: false },
        { text: 'interferometer', match: true },
        { text: ' splits one beam into two.', match: false },
      ],
    });
    // the captions of a video nobody may see are never searched
    const hidden = fixture.videos.alicePrivate.documentId;
    await cms.strapi.documents(VIDEO).update({
      documentId: hidden,
      data: { captions: [{ language: 'en', label: 'English', file: file.id }] },
    } as never);
    await cms.strapi.documents(VIDEO).publish({ documentId: hidden } as never);
    await indexer().settled();
    const again = (await request(cms.server).get('/api/search').query({ q: 'interferometer' }).expect(200))
      .body as SearchResponse;
    expect(again.data.map((hit) => hit.video.slug)).toEqual(['bob-public']);
  });
});
