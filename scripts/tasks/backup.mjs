// `npm run backup [-- <target>]`: backs up the database (SQLite's online backup, or pg_dump) and the media (the local
// folders, or the S3 bucket) with a manifest of sha256 sums, while the platform serves. <target> is a new folder, or a
// new `.tar` file; without one the backup goes to BACKUP_DIR, named by the time, and only the newest BACKUP_KEEP there
// are kept. Exits 1 when the backup could not be made (nothing is left half-written), 2 on a usage error.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, formatBytes, loadBackupPlatform } from '../lib/backup-platform.mjs';

const log = (message) => process.stderr.write(`[backup] ${message}\n`);
const args = process.argv.slice(2);
if (args.length > 1 || args.some((arg) => arg.startsWith('-'))) {
  log('Usage: npm run backup [-- <new folder, file.tar or s3://bucket/prefix/name.tar>]');
  process.exit(2);
}

try {
  const { backups, platform, settings, userCwd, root } = await loadBackupPlatform(log);
  const place = args[0]
    ? backups.backupPlace(path.dirname(args[0]), userCwd, settings.s3Service)
    : backups.backupPlaceOf(settings, root);
  const name = args[0]
    ? path.basename(args[0])
    : backups.backupName(new Date(), settings.archive || place.kind === 'bucket');
  if (place.kind === 'bucket')
    log(`Making the archive in ${tmpdir()}, then uploading it to ${backups.describePlace(place)}…`);
  const { location, made: report } = await backups.storeBackup(place, name, (target) =>
    backups.createBackup(platform, { target, log, sqlitePagesPerStep: null }),
  );
  const { manifest } = report;
  const media = manifest.media.areas.map(
    (area) => `${area.name} ${count(area.files, 'file')}, ${formatBytes(area.bytes)}`,
  );
  process.stdout.write(
    `Backup made: ${location}\n` +
      `  database  ${manifest.database.kind}, ${formatBytes(manifest.files[0].size)}\n` +
      `  media     ${manifest.media.driver}: ${media.join('; ')}\n` +
      `  in all    ${count(manifest.totals.files, 'file')}, ${formatBytes(manifest.totals.bytes)}, sha256 of each in manifest.json, ${report.seconds.toFixed(1)} s\n`,
  );
  if (report.skipped.length > 0)
    process.stdout.write(
      `  skipped   ${count(report.skipped.length, 'file')} removed while the backup ran, or keys no restore could write: ${report.skipped.slice(0, 5).join(', ')}\n`,
    );
  if (!args[0]) {
    const removed = await backups.pruneStored(place, settings.keep);
    if (removed.length > 0)
      process.stdout.write(
        `  removed   ${count(removed.length, 'older backup')} (BACKUP_KEEP=${settings.keep}): ${removed.map((item) => path.basename(item)).join(', ')}\n`,
      );
  }
  process.exit(0);
} catch (error) {
  log(`No backup was made: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
