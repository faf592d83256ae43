// `npm run restore -- <backup> [--replace]`: restores a backup made by `npm run backup` (a folder, a `.tar` file, or
// `s3://bucket/prefix/name.tar`, downloaded first) onto
// this instance's database and media, as its settings (the environment over .env) name them. Refuses, changing nothing,
// a damaged backup (a file whose sha256 is not the manifest's), a mismatched one (another database kind or media
// driver, a newer Framecast or schema) and a target that is not empty (unless --replace). On a failure half-way, what
// the target held is put back. Exits 0 when restored, 1 when refused or failed, 2 on a usage error. Refused too while
// a CMS serves the target (it answers on PORT on loopback, or holds the PostgreSQL database).
import path from 'node:path';
import { count, formatBytes, loadBackupPlatform } from '../lib/backup-platform.mjs';

const log = (message) => process.stderr.write(`[restore] ${message}\n`);
const args = process.argv.slice(2);
const replace = args.includes('--replace');
const positional = args.filter((arg) => arg !== '--replace');
if (positional.length !== 1 || positional[0].startsWith('-')) {
  log('Usage: npm run restore -- <backup folder, file.tar or s3://bucket/prefix/name.tar> [--replace]');
  process.exit(2);
}

try {
  const loaded = await loadBackupPlatform(log);
  const { backups, settings } = loaded;
  const location = backups.isBucketLocation(positional[0])
    ? positional[0]
    : path.resolve(loaded.userCwd, positional[0]);
  // this host's CMS on its port; a CMS elsewhere shows as sessions on PostgreSQL (PUBLIC_URL is not asked: after a move
  // it names the old platform, still serving, which a restore here does not touch)
  const cmsUrls = [`http://127.0.0.1:${process.env.PORT || 1337}`];
  if (backups.isBucketLocation(location)) log(`Downloading ${location}…`);
  const fetched = await backups.fetchStored(location, settings.s3Service);
  let report;
  try {
    report = await backups.restoreBackup(loaded.platform, fetched.path, { replace, log, cmsUrls });
  } finally {
    await fetched.release();
  }
  const { manifest } = report;
  process.stdout.write(
    `Restored ${location}\n` +
      `  made      ${manifest.createdAt} by Framecast ${manifest.framecastVersion}\n` +
      `  database  ${manifest.database.kind}\n` +
      `  media     ${manifest.media.driver}: ${manifest.media.areas.map((area) => `${area.name} ${count(area.files, 'file')}`).join('; ')}\n` +
      `  in all    ${count(manifest.totals.files, 'file')}, ${formatBytes(manifest.totals.bytes)}, every sha256 checked, ${report.seconds.toFixed(1)} s\n` +
      '\nNext: start the CMS with the secrets of the platform the backup came from (APP_KEYS, ENCRYPTION_KEY,\n' +
      'MEDIA_SIGNING_SECRET, …: they are not in the backup), run `npm run reindex` when Meilisearch is used (the\n' +
      'search index is rebuilt from the database), then `npm run diagnose`.\n',
  );
  process.exit(0);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  if (error?.name === 'BackupDamagedError') log(`The backup is damaged, nothing was restored: ${message}`);
  else if (error?.name === 'RestoreRefusedError') log(`Refused, nothing was changed: ${message}`);
  else log(`The restore failed and the target was left as it was: ${message}`);
  process.exit(1);
}
