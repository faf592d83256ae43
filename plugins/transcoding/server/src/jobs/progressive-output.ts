/**
 * A job's output, published while it is encoded: the posters and a master playlist first, then, each time every
 * rendition has finished more segments, those segments and then the playlists that list them (`EVENT`, growing). A
 * playlist in storage never names a segment that is not whole in storage, and never lists fewer segments than it did:
 * a job run again (a worker killed mid-way) leaves the earlier attempt's playlists as they are until it has passed
 * them. `finish` stores the rest (what is left of the segments, the storyboard, the closed playlists, the master with
 * measured rates, last). The master names the planned renditions with their planned peak rates until then.
 *
 * The storyboard grows with the video: each step also stores the thumbnails written since the last one, then a
 * WebVTT track that names them (`storyboard-growing.vtt`); the finished output brings the sprite sheets and their
 * track, and the single thumbnails and their track are then removed (a page opened while the video grew previews
 * nothing more from them; a reload gets the sprite sheets).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseMediaPlaylist } from '../media/hls-check';
import { MASTER, masterPlaylist, PLAYLIST, plannedRendition } from '../media/hls-encode';
import type { Rendition } from '../media/ladder';
import { mediaPlaylist, segmentIndex } from '../media/segment-record';
import { GROWING_STORYBOARD_VTT, GROWING_THUMBNAILS_DIR, thumbnailsVtt } from '../media/thumbnails';
import type { SegmentUpdate } from '../media/transcode';
import { forEachLimited, listLocalFiles } from '../storage/shared';
import type { MediaStorage } from '../storage/types';

/** Files stored at once while publishing. */
const CONCURRENCY = 8;

async function readText(storage: MediaStorage, key: string): Promise<string | null> {
  const read = await storage.read(key).catch(() => null);
  if (!read) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of read.body) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export class ProgressiveOutput {
  /** Segments per rendition this attempt has published (each rendition's playlist lists this many). */
  private published = 0;
  /** Segments per rendition an earlier attempt's playlists list: nothing is published below it. */
  private floor: number | undefined;
  private started = false;
  /** Thumbnails this attempt has stored (the growing storyboard track names this many). */
  private thumbnailsStored = 0;
  /** The renditions as the master declares them while the encode runs. */
  renditions: Rendition[] = [];

  constructor(
    private readonly storage: MediaStorage,
    private readonly prefix: string,
    /** A folder of this job's own for the playlists' text before it is stored. */
    private readonly scratchDir: string,
  ) {}

  /** The growing storyboard, once a thumbnail is stored: its track and no sprite sheets. */
  get storyboard(): { vtt: string; sprites: string[] } | null {
    return this.thumbnailsStored > 0 ? { vtt: GROWING_STORYBOARD_VTT, sprites: [] } : null;
  }

  /** Segments of every rendition that players can reach now. */
  get playableSegments(): number {
    return Math.max(this.published, this.floor ?? 0);
  }

  private key(relative: string): string {
    return `${this.prefix}/${relative}`;
  }

  private async putText(relative: string, text: string): Promise<void> {
    const file = path.join(this.scratchDir, relative.replaceAll('/', '__'));
    await mkdir(this.scratchDir, { recursive: true });
    // a new file each time, never the old one rewritten in place: local storage may keep it as a hard link
    await rm(file, { force: true });
    await writeFile(file, text);
    await this.storage.putFile(this.key(relative), file);
  }

  /** How many segments every rendition's stored playlist already lists (an earlier attempt), 0 when none. */
  private async storedFloor(labels: string[]): Promise<number> {
    let floor = Number.POSITIVE_INFINITY;
    for (const label of labels) {
      const text = await readText(this.storage, this.key(`${label}/${PLAYLIST}`));
      floor = Math.min(floor, text ? parseMediaPlaylist(text).segments.length : 0);
    }
    return Number.isFinite(floor) ? floor : 0;
  }

  /** Publishes what `update` adds. True the first time this attempt has something playable. */
  async update(update: SegmentUpdate): Promise<boolean> {
    const labels = update.renditions.map((rendition) => rendition.label);
    this.floor ??= await this.storedFloor(labels);
    if (!this.started) {
      this.renditions = update.renditions.map((planned) => plannedRendition(planned, update.hasAudio));
      await forEachLimited(
        update.posters.flatMap((poster) => [poster.webp, poster.jpeg]),
        CONCURRENCY,
        (file) => this.storage.putFile(this.key(file), path.join(update.dir, file)),
      );
      if (this.floor === 0) await this.putText(MASTER, masterPlaylist(this.renditions, update.frameRate));
      this.started = true;
    }
    const from = Math.max(this.published, this.floor);
    if (update.count <= from) return false;
    const segments = labels.flatMap((label) =>
      update.segments[label].slice(from, update.count).map((entry) => `${label}/${entry.uri}`),
    );
    // the segments first, whole, then the playlists that name them
    await forEachLimited(segments, CONCURRENCY, (file) =>
      this.storage.putFile(this.key(file), path.join(update.dir, file)),
    );
    await this.storeThumbnails(update);
    await forEachLimited(labels, CONCURRENCY, (label) =>
      this.putText(`${label}/${PLAYLIST}`, mediaPlaylist(update.segments[label].slice(0, update.count), false)),
    );
    const first = this.published === 0;
    this.published = update.count;
    return first;
  }

  /** The thumbnails written since the last step, then the track that names every one stored. */
  private async storeThumbnails(update: SegmentUpdate): Promise<void> {
    const { folder, files, intervalS } = update.thumbnails;
    if (files.length <= this.thumbnailsStored) return;
    await forEachLimited(files.slice(this.thumbnailsStored), CONCURRENCY, (file) =>
      this.storage.putFile(this.key(`${GROWING_THUMBNAILS_DIR}/${file}`), path.join(update.dir, folder, file)),
    );
    await this.putText(GROWING_STORYBOARD_VTT, thumbnailsVtt(files, intervalS, GROWING_THUMBNAILS_DIR));
    this.thumbnailsStored = files.length;
  }

  /**
   * Stores the finished output in `dir` (transcodeLadder's output directory): the files not stored yet, then the
   * closed playlists, then the master.
   */
  async finish(dir: string): Promise<void> {
    const files = await listLocalFiles(dir);
    const stored = this.published;
    const isPlaylist = (key: string) => key.endsWith('.m3u8');
    const media = files.filter((file) => {
      if (isPlaylist(file.relativeKey)) return false;
      const index = segmentIndex(path.posix.basename(file.relativeKey));
      return index === null || index >= stored;
    });
    await forEachLimited(media, CONCURRENCY, (file) =>
      this.storage.putFile(this.key(file.relativeKey), file.absolutePath),
    );
    const playlists = files.filter((file) => isPlaylist(file.relativeKey) && file.relativeKey !== MASTER);
    await forEachLimited(playlists, CONCURRENCY, (file) =>
      this.storage.putFile(this.key(file.relativeKey), file.absolutePath),
    );
    await this.storage.putFile(this.key(MASTER), path.join(dir, MASTER));
    // the sprite sheets have replaced the growing storyboard: its single thumbnails go (about 1 MB for a long video),
    // the track that named them last
    await this.storage.deletePrefix(this.key(GROWING_THUMBNAILS_DIR));
    await this.storage.delete(this.key(GROWING_STORYBOARD_VTT));
  }
}
