/**
 * The services of the plugins discovery calls (plugins/README.md): transcoding reads caption files for the
 * transcript it indexes. Typed by what discovery uses of them.
 */
import type { Core } from '@strapi/strapi';

export type CaptionFileRef = {
  url: string;
  provider: string;
  hash?: string;
  ext?: string | null;
  path?: string | null;
};

type TranscodingServices = {
  captions: { readText(file: CaptionFileRef): Promise<string> };
};

export const transcodingService = <K extends keyof TranscodingServices>(strapi: Core.Strapi, name: K) =>
  strapi.plugin('transcoding')?.service(name) as TranscodingServices[K] | undefined;
