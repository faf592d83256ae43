import { buildSchema, parse, validate } from 'graphql';
import { envFrom } from '../../../../tests/support/plugin-settings';
import pluginsConfig from '../../../config/plugins';
import { fieldCostLimit, operationCostLimit } from '../graphql-limits';

const graphqlConfig = (values: Record<string, string>) =>
  (pluginsConfig({ env: envFrom(values) } as never) as { graphql: { config: Record<string, unknown> } }).graphql.config;

describe('GraphQL configuration', () => {
  it('turns the playground and introspection off in production', () => {
    const config = graphqlConfig({ NODE_ENV: 'production' });
    expect(config.landingPage).toBe(false);
    expect(config.apolloServer.introspection).toBe(false);
  });

  it('keeps them on while developing', () => {
    const config = graphqlConfig({ NODE_ENV: 'development' });
    expect(config.landingPage).toBe(true);
    expect(config.apolloServer.introspection).toBe(true);
  });

  it('limits depth, page size and cost, configurable by environment', () => {
    const config = graphqlConfig({ GRAPHQL_DEPTH_LIMIT: '5', GRAPHQL_AMOUNT_LIMIT: '50' });
    expect(config.depthLimit).toBe(5);
    expect(config.maxLimit).toBe(50);
    expect(config.apolloServer.validationRules).toHaveLength(2);
    expect(graphqlConfig({}).maxLimit).toBe(100);
  });
});

describe('fieldCostLimit', () => {
  const schema = buildSchema('type Query { videos: [Video] } type Video { slug: String title: String }');
  const fields = (n: number) => Array.from({ length: n }, (_, i) => `f${i}: slug`).join(' ');

  it('accepts an operation at the limit', () => {
    expect(validate(schema, parse(`{ videos { ${fields(9)} } }`), [fieldCostLimit(10)])).toEqual([]);
  });

  it('refuses an operation over the limit with a clear message', () => {
    const errors = validate(schema, parse(`{ videos { ${fields(10)} } }`), [fieldCostLimit(10)]);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/too costly: it selects more than 10 fields/);
  });
});

describe('operationCostLimit: counted after fragment expansion, weighted by list size', () => {
  const schema = buildSchema(`
    input Pagination { limit: Int pageSize: Int start: Int page: Int }
    type PageInfo { total: Int }
    type VideoCollection { nodes: [Video!]! pageInfo: PageInfo }
    type Creator { handle: String videos(pagination: Pagination): [Video] }
    type Video { slug: String title: String creator: Creator tags(pagination: Pagination): [Tag] }
    type Tag { name: String videos(pagination: Pagination): [Video] }
    type Query { videos(pagination: Pagination): [Video] videos_connection(pagination: Pagination): VideoCollection creators(pagination: Pagination): [Creator] }
  `);
  const limits = { maxFields: 500, maxAnswerSize: 10_000, defaultPageSize: 24, maxPageSize: 100 };
  const check = (query: string) =>
    validate(schema, parse(query), [operationCostLimit(limits)]).map((error) => error.message);

  it('accepts an ordinary page', () => {
    expect(check('{ videos { slug title creator { handle } } }')).toEqual([]);
    expect(check('{ videos(pagination: { limit: 100 }) { slug tags(pagination: { limit: 20 }) { name } } }')).toEqual(
      [],
    );
  });

  it('counts fields a named fragment adds every time it is spread', () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `v${i}: videos(pagination: { limit: 1 }) { ...F }`).join(' ');
    const fields = Array.from({ length: 20 }, (_, i) => `f${i}: slug`).join(' ');
    // 50 fields as written, 630 once the fragment is expanded
    expect(check(`{ ${aliases} } fragment F on Video { ${fields} }`)).toEqual([
      expect.stringMatching(/selects more than 500 fields \(fragments counted/),
    ]);
  });

  it('expands nested and inline fragments', () => {
    const fields = Array.from({ length: 30 }, (_, i) => `f${i}: slug`).join(' ');
    const query = `{ a: videos(pagination: { limit: 1 }) { ...A } b: videos(pagination: { limit: 1 }) { ...A } }
      fragment A on Video { ...B ...B ... on Video { ...B ...B } }
      fragment B on Video { ${fields} creator { handle } }`;
    // 2 x 4 x 32 = 256 + 2 = 258 fields: accepted at 500, refused at 200
    expect(check(query)).toEqual([]);
    expect(
      validate(schema, parse(query), [operationCostLimit({ ...limits, maxFields: 200 })]).map((error) => error.message),
    ).toEqual([expect.stringMatching(/more than 200 fields/)]);
  });

  it('refuses a fragment cycle', () => {
    const errors = check(
      '{ videos { ...A } } fragment A on Video { creator { videos { ...B } } } fragment B on Video { ...A }',
    );
    expect(errors).toEqual([expect.stringMatching(/fragment cycles are not allowed/)]);
  });

  it('weighs each list by its page size, the default page size when none is given', () => {
    // 100 videos x 100 tags x 100 videos: refused; the same at the default page (24^3 = 13,824) too
    expect(
      check(
        '{ videos(pagination: { limit: 100 }) { tags(pagination: { limit: 100 }) { videos(pagination: { limit: 100 }) { slug } } } }',
      ),
    ).toEqual([expect.stringMatching(/could hold more than 10000 values/)]);
    expect(check('{ videos { tags { videos { slug } } } }')).toEqual([expect.stringMatching(/more than 10000 values/)]);
    expect(
      check(
        '{ videos(pagination: { limit: 10 }) { tags(pagination: { limit: 10 }) { videos(pagination: { limit: 10 }) { slug } } } }',
      ),
    ).toEqual([]);
  });

  it('weighs a connection’s nodes by the connection’s page size, and a variable page as the largest', () => {
    expect(
      check(
        '{ videos_connection(pagination: { pageSize: 100 }) { nodes { tags(pagination: { limit: 100 }) { name } } } }',
      ),
    ).toEqual([expect.stringMatching(/more than 10000 values/)]);
    expect(
      check('query($p: Pagination) { videos(pagination: $p) { tags(pagination: $p) { name title: name } } }'),
    ).toEqual([expect.stringMatching(/more than 10000 values/)]);
  });

  it('stops walking past the limit, however the fragments fan out', () => {
    const levels = Array.from({ length: 30 }, (_, i) => `fragment L${i} on Video { ...L${i + 1} ...L${i + 1} }`).join(
      ' ',
    );
    const started = Date.now();
    const errors = check(`{ videos(pagination: { limit: 1 }) { ...L0 } } ${levels} fragment L30 on Video { slug }`);
    expect(errors).toEqual([expect.stringMatching(/more than 500 fields/)]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
