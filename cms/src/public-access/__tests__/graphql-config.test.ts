import { buildSchema, parse, validate } from 'graphql';
import pluginsConfig from '../../../config/plugins';
import { fieldCostLimit } from '../graphql-limits';

type Env = ((key: string, fallback?: string) => string | undefined) & { int: (key: string, fallback: number) => number };

function envFrom(values: Record<string, string>): Env {
  const env = ((key: string, fallback?: string) => values[key] ?? fallback) as Env;
  env.int = (key, fallback) => (values[key] === undefined ? fallback : Number(values[key]));
  return env;
}

const graphqlConfig = (values: Record<string, string>) =>
  (pluginsConfig({ env: envFrom(values) } as never) as { graphql: { config: Record<string, any> } }).graphql.config;

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
