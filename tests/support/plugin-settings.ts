/**
 * What cms/config/plugins.ts passes a plugin for a given environment, as Strapi's `env` helper would read it: the one
 * way unit tests check that a setting has one name, one default and one check.
 */
import pluginsConfig from '../../cms/config/plugins';

type Env = ((key: string, fallback?: string) => string | undefined) & {
  int: (key: string, fallback: number) => number;
  bool: (key: string, fallback: boolean) => boolean;
};

export function envFrom(values: Record<string, string>): Env {
  const env = ((key: string, fallback?: string) => values[key] ?? fallback) as Env;
  env.int = (key, fallback) => (values[key] === undefined ? fallback : Number(values[key]));
  env.bool = (key, fallback) => (values[key] === undefined ? fallback : values[key] === 'true');
  return env;
}

/** The `config` cms/config/plugins.ts gives plugin `name` when the environment holds `values`. */
export function pluginConfigFrom<T = unknown>(name: string, values: Record<string, string>): T {
  const all = pluginsConfig({ env: envFrom(values) } as never) as unknown as Record<string, { config?: T }>;
  return all[name]!.config as T;
}
