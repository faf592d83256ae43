/**
 * Backups and restores without Strapi: what `npm run backup`, `npm run restore` (scripts/tasks) and the CMS's daily
 * schedule (services/) share. Nothing here reads process.env or boots a CMS.
 */
export { isArchivePath, openBackup, verifyBackup } from './container';
export { createBackup, type BackupOptions, type BackupReport } from './create';
export { BackupDamagedError, RestoreRefusedError } from './errors';
export { MANIFEST_NAME, parseManifest, type Manifest, type ManifestFile } from './manifest';
export { platformFrom, platformFromBuild, type Platform } from './platform';
export { backupName, listBackups, pruneBackups } from './retention';
export { checkCompatible, compareVersions, restoreBackup, type RestoreOptions, type RestoreReport } from './restore';
export {
  backupPlace,
  describePlace,
  fetchStored,
  isBucketLocation,
  listStored,
  pruneStored,
  storeBackup,
  type BackupPlace,
} from './store';
export { backupPlaceOf, backupSettingsFrom, type BackupSettings } from '../config';
