/**
 * Where media lives: the local folder or an S3 bucket. Transcoding's storage drivers read and write it; backups copy
 * it and restore into it. One shape, so the two plugins cannot drift apart.
 */
export interface S3Location {
  bucket: string;
  region: string;
  /** Custom endpoint (MinIO, s3rver); path-style addressing is used when set. */
  endpoint?: string;
  /** Overrides the addressing style (default: path-style exactly when `endpoint` is set). */
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Prepended to every key, without a trailing '/'; '' or unset: the whole bucket. */
  keyPrefix?: string;
}

/** The storage settings (STORAGE_DRIVER and its variables, read by cms/config/plugins.ts). */
export type StorageSettings = { driver: 'local'; root: string } | ({ driver: 's3' } & S3Location);
