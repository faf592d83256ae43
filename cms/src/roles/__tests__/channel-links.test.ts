/**
 * Reading what a write links to, in every shape the document service accepts: a shape the reader missed would be
 * a link nobody checks.
 */
import type { Core } from '@strapi/strapi';
import { changesField, collectLinks } from '../channel';

const models: Record<string, { attributes: Record<string, Record<string, unknown>> }> = {
  'api::playlist.playlist': {
    attributes: {
      title: { type: 'string' },
      videos: { type: 'relation', relation: 'manyToMany', target: 'api::video.video' },
      creator: { type: 'relation', relation: 'manyToOne', target: 'api::creator.creator' },
      cover: { type: 'media', multiple: false },
      notes: { type: 'component', component: 'media.note', repeatable: true },
      blocks: { type: 'dynamiczone', components: ['media.note'] },
      createdBy: { type: 'relation', relation: 'oneToOne', target: 'admin::user' },
    },
  },
  'media.note': { attributes: { text: { type: 'string' }, file: { type: 'media', multiple: false } } },
};
const strapi = { getModel: (uid: string) => models[uid] } as unknown as Core.Strapi;
const links = (data: unknown) => collectLinks(strapi, 'api::playlist.playlist', data);

describe('collectLinks', () => {
  it('reads connect, disconnect and set, by documentId and by entity id', () => {
    const [videos] = links({
      videos: { connect: [{ documentId: 'abc' }, { id: 7 }], disconnect: ['def'], set: undefined },
    });
    expect(videos).toMatchObject({
      path: 'videos',
      target: 'api::video.video',
      attach: [{ documentId: 'abc' }, { id: 7 }],
      detach: [{ documentId: 'def' }],
      replaces: false,
    });
    expect(links({ videos: { set: [{ id: '12' }] } })[0]).toMatchObject({ attach: [{ id: 12 }], replaces: true });
  });

  it('reads shorthands as the document service does: a string parseInt accepts is an entity id', () => {
    expect(links({ videos: ['abc', 3, '5abc'] })[0].attach).toEqual([{ documentId: 'abc' }, { id: 3 }, { id: 5 }]);
    expect(links({ creator: 'xyz' })[0]).toMatchObject({ attach: [{ documentId: 'xyz' }], replaces: true });
    expect(links({ creator: { documentId: 'xyz', locale: 'en' } })[0].attach).toEqual([{ documentId: 'xyz' }]);
  });

  it('reads media, inside components and dynamic zones too', () => {
    const found = links({
      cover: 4,
      notes: [{ text: 'a', file: { id: 9 } }],
      blocks: [
        { __component: 'media.note', file: 11 },
        { __component: 'other.thing', file: 12 },
      ],
    });
    expect(found.map((link) => [link.path, link.target, link.attach])).toEqual([
      ['cover', 'plugin::upload.file', [{ id: 4 }]],
      ['notes.0.file', 'plugin::upload.file', [{ id: 9 }]],
      ['blocks.0.file', 'plugin::upload.file', [{ id: 11 }]],
    ]);
  });

  it('never lets an unreadable value pass as "no link", and leaves the content manager’s own fields out', () => {
    const [videos] = links({ videos: { connect: [{ slug: 'guess' }] } });
    expect(videos.attach).toHaveLength(1);
    expect(videos.attach[0].documentId.startsWith('\u0000')).toBe(true);
    expect(links({ createdBy: 3, title: 'x' })).toEqual([]);
  });

  it('tells a change of a field from the empty lists the admin sends for an untouched relation', () => {
    expect(changesField(links({ videos: { connect: [], disconnect: [] } }), 'videos')).toBe(false);
    expect(changesField(links({ videos: { disconnect: [{ documentId: 'a' }] } }), 'videos')).toBe(true);
    expect(changesField(links({ videos: null }), 'videos')).toBe(true);
    expect(changesField(links({ videos: [] }), 'videos')).toBe(true);
    expect(changesField(links({ title: 'only a title' }), 'videos')).toBe(false);
  });
});
