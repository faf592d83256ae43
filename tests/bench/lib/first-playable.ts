/**
 * `first_playable_s`: from the moment a creator's upload is complete (the last tus PATCH answered) to the moment the
 * first segment of the lowest rendition answered 200, whole, through the media gateway, as the admin's preview gets
 * it: the status endpoint polled every 100 ms until it has playback, then the master playlist, the lowest
 * rendition's growing playlist and its first segment. Afterwards, where those seconds went: the stages' times from
 * the files the CMS wrote (their modification and birth times, read while the encode still runs), the job's queue
 * time and the CMS's log lines.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BenchCms } from './bench-cms.ts';

const TUS = '/transcoding/tus';
/** The admin panel's tus chunk (plugins/transcoding/admin/src/uploads/uploadQueue.ts). */
const CHUNK_BYTES = 50 * 1024 * 1024;
const POLL_MS = 100;

async function expectOk(response: Response, what: string, status = 200): Promise<Response> {
  if (response.status !== status)
    throw new Error(`${what}: ${response.status} ${(await response.text().catch(() => '')).slice(0, 300)}`);
  return response;
}

/** The first admin of the empty CMS (Strapi's first-run registration): a super admin, who may upload. */
export async function registerFirstAdmin(cmsUrl: string): Promise<string> {
  const response = await fetch(`${cmsUrl}/admin/register-admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'bench@framecast.test',
      firstname: 'Bench',
      lastname: 'Admin',
      password: 'Bench-password-1',
    }),
  });
  const body = (await (await expectOk(response, 'register the first admin')).json()) as { data: { token: string } };
  return body.data.token;
}

type Status = {
  processingStatus: string;
  failureReason: string | null;
  job: { id: string; createdAt: string } | null;
  playback: { hls: string; growing?: boolean } | null;
};

async function statusOf(cmsUrl: string, token: string, documentId: string): Promise<Status> {
  const response = await fetch(`${cmsUrl}/transcoding/videos/${documentId}/status`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await (await expectOk(response, 'video status')).json()) as Status;
}

/** A whole tus upload as the admin panel makes it (50 MiB PATCHes, read from the file one at a time). */
async function tusUpload(cmsUrl: string, token: string, file: string): Promise<{ documentId: string; doneAt: number }> {
  const ticketResponse = await fetch(`${cmsUrl}/transcoding/upload-tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  const { ticket } = (await (await expectOk(ticketResponse, 'upload ticket')).json()) as { ticket: string };
  const size = (await stat(file)).size;
  const metadata = Object.entries({ filename: path.basename(file), filetype: 'video/mp4' })
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
  const tusHeaders = { 'Tus-Resumable': '1.0.0', 'Framecast-Upload-Ticket': ticket };
  const created = await fetch(`${cmsUrl}${TUS}`, {
    method: 'POST',
    headers: { ...tusHeaders, 'Upload-Length': String(size), 'Upload-Metadata': metadata },
  });
  const location = (await expectOk(created, 'tus creation', 201)).headers.get('location');
  if (!location) throw new Error('tus creation answered no Location');
  const uploadUrl = new URL(location, cmsUrl).href;

  const handle = await open(file, 'r');
  const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size));
  try {
    let offset = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
      const patched = await fetch(uploadUrl, {
        method: 'PATCH',
        headers: {
          ...tusHeaders,
          'Upload-Offset': String(offset),
          'Content-Type': 'application/offset+octet-stream',
        },
        body: chunk.subarray(0, bytesRead),
      });
      const doneAt = Date.now();
      await expectOk(patched, `tus PATCH at ${offset}`, 204);
      offset += bytesRead;
      if (patched.headers.get('upload-offset') !== String(offset))
        throw new Error(`tus PATCH: the server is at ${patched.headers.get('upload-offset')}, not ${offset}`);
      if (offset < size) continue;
      const documentId = patched.headers.get('framecast-video');
      if (!documentId) throw new Error('the last tus PATCH named no video');
      return { documentId, doneAt };
    }
  } finally {
    await handle.close();
  }
}

/** The variant playlists of a master playlist, with their peak rates. */
function variants(master: string): Array<{ bandwidth: number; uri: string }> {
  const lines = master.split('\n').map((line) => line.trim());
  const found: Array<{ bandwidth: number; uri: string }> = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) return;
    const bandwidth = Number(/[:,]BANDWIDTH=(\d+)/.exec(line)?.[1] ?? NaN);
    const uri = lines.slice(i + 1).find((next) => next !== '' && !next.startsWith('#'));
    if (uri && Number.isFinite(bandwidth)) found.push({ bandwidth, uri });
  });
  return found;
}

const firstSegment = (playlist: string) =>
  playlist
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('#')) ?? null;

export interface Milestone {
  what: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface FirstPlayable {
  documentId: string;
  seconds: number;
  /** The lowest rendition's folder (`240p`). */
  lowest: string;
  milestones: Milestone[];
  /** The CMS's ffmpeg processes still running when the clock stopped (the ladder): how long, how much CPU. */
  encoders: EncoderUse[];
}

export interface EncoderUse {
  pid: number;
  wallS: number;
  cpuS: number;
}

/** Clock ticks per second of /proc's times: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/**
 * The ffmpeg processes in a process group, with their run time and CPU time from /proc: their share of a core says
 * whether the encode was slow or starved by the machine's other work. Empty where there is no /proc.
 */
async function encodersIn(group: number): Promise<EncoderUse[]> {
  const uptimeS = Number((await readFile('/proc/uptime', 'utf8').catch(() => '0')).split(' ')[0]);
  const found: EncoderUse[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const line = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const comm = /\((.*)\)/.exec(line)?.[1];
    // the fields after "(comm) ": state ppid pgrp ... utime (14th field) stime (15th) ... starttime (22nd)
    const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
    if (comm !== 'ffmpeg' || Number(fields[2]) !== group) continue;
    found.push({
      pid: Number(entry),
      wallS: uptimeS - Number(fields[19]) / CLOCK_TICKS,
      cpuS: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS,
    });
  }
  return found;
}

const mtimeOf = (file: string) =>
  stat(file).then(
    (info) => info.mtimeMs,
    () => null,
  );
const birthOf = (file: string) =>
  stat(file).then(
    (info) => info.birthtimeMs || null,
    () => null,
  );
const entriesOf = (dir: string) => readdir(dir, { withFileTypes: true }).catch(() => []);

/** The time of the CMS's first log line with this message about this video (pino's `time`, epoch ms). */
function logTime(cms: BenchCms, message: string, documentId: string): number | null {
  for (const line of cms.logLines()) {
    if (!line.includes(message) || !line.includes(documentId)) continue;
    try {
      const time = (JSON.parse(line) as { time?: number | string }).time;
      const at = typeof time === 'number' ? time : Date.parse(String(time));
      if (Number.isFinite(at)) return at;
    } catch {
      // not a JSON line
    }
  }
  return null;
}

/**
 * Where the seconds went, from what the CMS left on disk while the job still runs: the source in media storage
 * (hashed, then copied in), the job's work folder (the source copied there, its output folder made once the source
 * was validated, the posters, each rendition's first segment), the first segments in media storage; the job's queue
 * time and the log lines of the job's start and of the playable report applied (when playbackAssets.playableAt is
 * set).
 */
async function stagesOf(
  cms: BenchCms,
  documentId: string,
  status: Status,
  lowest: string,
  segment: string,
): Promise<Milestone[]> {
  const found: Array<{ what: string; at: number | null }> = [];
  const add = (what: string, at: number | null) => found.push({ what, at });
  const sourceDir = path.join(cms.mediaRoot, 'sources', documentId);
  const stored = (await entriesOf(sourceDir)).find((entry) => entry.isFile() && !entry.name.includes('.tmp-'));
  add('source hashed and stored in media storage', stored ? await mtimeOf(path.join(sourceDir, stored.name)) : null);
  add('job queued', status.job ? Date.parse(status.job.createdAt) : null);
  add('job started', logTime(cms, 'transcode job started', documentId));
  const jobId = status.job?.id;
  const folder = jobId
    ? (await entriesOf(cms.workDir)).find((entry) => entry.isDirectory() && entry.name.startsWith(`${jobId}.`))
    : undefined;
  if (folder) {
    const work = path.join(cms.workDir, folder.name);
    const source = (await entriesOf(work)).find((entry) => entry.isFile() && entry.name.startsWith('source'));
    add('source copied to the work folder', source ? await mtimeOf(path.join(work, source.name)) : null);
    const partial = (await entriesOf(work)).find((entry) => entry.isDirectory() && entry.name.startsWith('.out.'));
    if (partial) {
      const out = path.join(work, partial.name);
      add('source validated (the encode output folder made)', await birthOf(out));
      const entries = await entriesOf(out);
      const posters = await Promise.all(
        entries
          .filter((entry) => entry.isFile() && /^poster-/.test(entry.name))
          .map((e) => mtimeOf(path.join(out, e.name))),
      );
      add('posters made', posters.length > 0 ? Math.max(...posters.map((at) => at ?? 0)) : null);
      add(`first segment of ${lowest} encoded`, await mtimeOf(path.join(out, lowest, segment)));
      const renditionDirs = entries.filter((entry) => entry.isDirectory() && /^\d+p$/.test(entry.name));
      const firsts = await Promise.all(renditionDirs.map((entry) => mtimeOf(path.join(out, entry.name, segment))));
      if (firsts.length > 0 && firsts.every((at) => at !== null))
        add(`first segment of every rendition encoded (${renditionDirs.length})`, Math.max(...(firsts as number[])));
    }
  }
  const outputs = path.join(cms.mediaRoot, 'videos', documentId);
  const prefix = (await entriesOf(outputs)).find((entry) => entry.isDirectory());
  if (prefix) {
    add('posters and master playlist stored', await mtimeOf(path.join(outputs, prefix.name, 'master.m3u8')));
    add(`first segment of ${lowest} stored`, await mtimeOf(path.join(outputs, prefix.name, lowest, segment)));
  }
  add('CMS applied the playable report (playableAt)', logTime(cms, 'video playable while processing', documentId));
  return found.filter((stage): stage is Milestone => stage.at !== null);
}

/** Uploads `file` and measures how long after the upload its first segment plays through the gateway. */
export async function measureFirstPlayable(cms: BenchCms, token: string, file: string): Promise<FirstPlayable> {
  const { documentId, doneAt } = await tusUpload(cms.url, token, file);
  const deadline = doneAt + 15 * 60_000;
  let status: Status;
  let processingSeen: number | null = null;
  for (;;) {
    status = await statusOf(cms.url, token, documentId);
    if (status.processingStatus === 'processing') processingSeen ??= Date.now();
    if (status.playback) break;
    if (status.processingStatus === 'failed') throw new Error(`the video failed: ${status.failureReason}`);
    if (Date.now() > deadline) throw new Error(`no playback 15 minutes after the upload: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const playbackSeen = Date.now();
  const get = async (url: string, what: string) => expectOk(await fetch(url), what);
  const masterUrl = new URL(status.playback.hls, cms.url);
  const lowest = variants(await (await get(masterUrl.href, 'master playlist')).text()).sort(
    (a, b) => a.bandwidth - b.bandwidth,
  )[0];
  if (!lowest) throw new Error('the master playlist names no rendition');
  const playlistUrl = new URL(lowest.uri, masterUrl);
  let segment: string | null = null;
  while (!segment) {
    segment = firstSegment(await (await get(playlistUrl.href, `${lowest.uri}`)).text());
    if (!segment) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const media = await get(new URL(segment, playlistUrl).href, `first segment ${segment}`);
  const bytes = Buffer.from(await media.arrayBuffer());
  const end = Date.now();
  const encoders = await encodersIn(cms.pid);
  if (bytes.length === 0 || bytes.length % 188 !== 0 || bytes[0] !== 0x47)
    throw new Error(`the first segment is no whole MPEG-TS (${bytes.length} bytes, first byte ${bytes[0]})`);

  const label = path.posix.dirname(lowest.uri);
  const stages = await stagesOf(cms, documentId, status, label, path.posix.basename(segment));
  const milestones: Milestone[] = [
    { what: 'upload complete (last tus PATCH answered)', at: doneAt },
    ...stages,
    ...(processingSeen === null ? [] : [{ what: 'status first said processing', at: processingSeen }]),
    { what: 'status had playback (100 ms polls)', at: playbackSeen },
    { what: `master, ${label} playlist and first segment fetched through the gateway`, at: end },
  ].sort((a, b) => a.at - b.at);
  return { documentId, seconds: (end - doneAt) / 1000, lowest: label, milestones, encoders };
}

/** Waits until the video's job ended (ready or failed); false when it still runs after `timeoutMs`. */
export async function waitUntilProcessed(
  cms: BenchCms,
  token: string,
  documentId: string,
  timeoutMs: number,
): Promise<{ ended: boolean; status: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { processingStatus } = await statusOf(cms.url, token, documentId);
    if (processingStatus === 'ready' || processingStatus === 'failed') return { ended: true, status: processingStatus };
    if (Date.now() > deadline) return { ended: false, status: processingStatus };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** `# ` lines: each stage after the upload, with the seconds since the previous one. */
export function describeStages(name: string, milestones: Milestone[]): string[] {
  const start = milestones[0]!.at;
  return milestones.map((stage, i) => {
    const since = ((stage.at - start) / 1000).toFixed(2).padStart(6);
    const step = i === 0 ? '' : ` (+${((stage.at - milestones[i - 1]!.at) / 1000).toFixed(2)})`;
    return `# ${name}: ${since} s${step} ${stage.what}`;
  });
}
