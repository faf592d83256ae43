/** Picks the storage driver the settings (config/index.ts) describe. */
import { LocalMediaStorage } from './local';
import { S3MediaStorage } from './s3';
import type { MediaStorage, StorageConfig } from './types';

export { LocalMediaStorage } from './local';
export { S3MediaStorage } from './s3';
export { contentTypeForKey, StorageRangeError, StoredObjectMissingError } from './shared';
export { StorageKeyError } from './types';
export type { ByteRange, MediaStorage, StorageConfig, StoredObjectInfo } from './types';

export function createMediaStorage(config: StorageConfig): MediaStorage {
  switch (config.driver) {
    case 'local':
      return new LocalMediaStorage(config.root);
    case 's3':
      return new S3MediaStorage(config);
  }
}
