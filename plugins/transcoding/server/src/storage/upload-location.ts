/**
 * Where the CMS or a worker reads a media library file: Strapi's local provider keeps it under the public folder; the
 * S3 provider's files are read from the bucket by key (`uploads/[path/]<hash><ext>`, as cms/config/plugins.ts stores
 * them), since their public URL may not be reachable from here; anything else by its URL.
 */
import path from 'node:path';
import type { SourceLocation } from '../jobs/types';

export type UploadFile = { url: string; provider: string; hash?: string; ext?: string | null; path?: string | null };

export function uploadFileLocation(file: UploadFile, publicDir: string, storageDriver?: string): SourceLocation {
  if (file.provider === 'local' || file.url.startsWith('/'))
    return { kind: 'file', path: path.join(publicDir, file.url.replace(/^\/+/, '')) };
  if (file.provider === 'aws-s3' && storageDriver === 's3' && file.hash) {
    return {
      kind: 'storage',
      key: `uploads/${file.path ? `${file.path.replace(/^\/+|\/+$/g, '')}/` : ''}${file.hash}${file.ext ?? ''}`,
    };
  }
  return { kind: 'url', url: file.url };
}
