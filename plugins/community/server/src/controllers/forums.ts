import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { publicName } from '../utils/viewer';
import { getService } from '../utils';
import type { Board } from '../services/boards';
import { boardKey, newPost, newTopic, numericId, page, parse, topicFlags } from '../validation/input';

/** The forum: boards, their topics, a topic's posts; a post's edits, deletion and reports are the comment routes. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const topics = () => getService(strapi, 'topics');
  const named = async (ctx: Context) => ({ ...ctx.state.viewer, name: await publicName(strapi, ctx.state.viewer) });

  async function routeBoard(ctx: Context): Promise<Board> {
    const board = await getService(strapi, 'boards').resolve(parse(boardKey, ctx.params.board));
    if (!board) throw new errors.NotFoundError('There is no such board.');
    return board;
  }

  return {
    async boards(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'boards').categories(ctx.state.viewer ?? null) };
    },
    async topics(ctx: Context) {
      const query = parse(page, ctx.query);
      ctx.body = await topics().list(await routeBoard(ctx), ctx.state.viewer ?? null, query.page);
    },
    async createTopic(ctx: Context) {
      const board = await routeBoard(ctx);
      const input = parse(newTopic, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: await topics().create(board, await named(ctx), input) };
    },
    async topic(ctx: Context) {
      const id = parse(numericId, ctx.params.id);
      const query = parse(page, ctx.query);
      ctx.body = await topics().get(id, ctx.state.viewer ?? null, query.page);
    },
    async reply(ctx: Context) {
      const id = parse(numericId, ctx.params.id);
      const input = parse(newPost, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: await topics().reply(id, await named(ctx), input) };
    },
    async setFlags(ctx: Context) {
      const id = parse(numericId, ctx.params.id);
      ctx.body = { data: await topics().setFlags(id, ctx.state.viewer, parse(topicFlags, ctx.request.body)) };
    },
    async removeTopic(ctx: Context) {
      await topics().remove(parse(numericId, ctx.params.id), ctx.state.viewer);
      ctx.status = 204;
    },
    async subscribe(ctx: Context) {
      ctx.body = await topics().setSubscribed(parse(numericId, ctx.params.id), ctx.state.viewer, ctx.method === 'PUT');
    },
    async hidePost(ctx: Context) {
      ctx.body = { data: await topics().moderatePost(parse(numericId, ctx.params.id), ctx.state.viewer, true) };
    },
    async showPost(ctx: Context) {
      ctx.body = { data: await topics().moderatePost(parse(numericId, ctx.params.id), ctx.state.viewer, false) };
    },
  };
};
