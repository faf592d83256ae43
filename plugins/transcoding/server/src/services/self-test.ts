/**
 * What the diagnostics plugin asks of transcoding (plugins/README.md): each method goes the real way, through the
 * storage driver in use, the binaries every encode runs and the runner's queue, and says what it found. None throws:
 * a failure is an answer, with the error as the driver or the binary gave it.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import { mediaTools, missingToolMessage, runFfmpeg, runFfprobeJson, type MediaTool } from '../media/ffmpeg';
import type { PingRoundTrip, RunnerHealth } from '../jobs/runner';
import { getConfig, getService } from '../utils';

export type SelfTestAnswer = { ok: boolean; detail: string; error?: string };

/** Paths are the absolute ones every run uses (null: not found); `nice` runs encodes at a lower priority. */
export type MediaToolsAnswer = SelfTestAnswer & {
  ffmpeg: { path: string | null; version: string | null };
  ffprobe: { path: string | null; version: string | null };
  nice: { path: string | null };
};

const message = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);

async function text(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The first line of `<binary> -version` (its name and version), or null with why when it does not run. */
function version(tool: MediaTool, binary: string | null): Promise<{ version: string | null; error?: string }> {
  if (!binary) return Promise.resolve({ version: null, error: missingToolMessage(tool) });
  return new Promise((resolve) => {
    execFile(binary, ['-version'], { timeout: 10_000, env: mediaTools().env ?? process.env }, (error, stdout) => {
      if (error) resolve({ version: null, error: message(error) });
      else resolve({ version: stdout.split('\n')[0]!.trim() });
    });
  });
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Where media is kept, as an operator names it: the folder, or s3://bucket/prefix at the endpoint. */
  storageLocation(): string {
    const config = getConfig(strapi).storage;
    if (config.driver === 'local') return config.root;
    const where = `s3://${config.bucket}${config.keyPrefix ? `/${config.keyPrefix}` : ''}`;
    return config.endpoint ? `${where} at ${config.endpoint}` : where;
  },

  /** The local folders media work needs room in: the media root (local storage only), uploads, encodes. */
  folders(): Array<{ role: string; path: string }> {
    const config = getConfig(strapi);
    return [
      ...(config.storage.driver === 'local' ? [{ role: 'media', path: config.storage.root }] : []),
      { role: 'uploads in progress', path: config.uploadDir },
      { role: 'encodes in progress', path: config.workDir },
    ];
  },

  /** Writes a small object, reads it back, deletes it and checks it is gone. */
  async storage(): Promise<SelfTestAnswer & { driver: 'local' | 's3' }> {
    const driver = getConfig(strapi).storage.driver;
    const where = this.storageLocation();
    const dir = await mkdtemp(path.join(tmpdir(), 'framecast-diagnostics-'));
    const prefix = `diagnostics/${randomUUID()}`;
    const key = `${prefix}/probe.txt`;
    const body = `Framecast diagnostics ${new Date().toISOString()}`;
    try {
      const storage = getService(strapi, 'pipeline').storage;
      const file = path.join(dir, 'probe.txt');
      await writeFile(file, body);
      await storage.putFile(key, file, 'text/plain');
      const read = await storage.read(key);
      if (!read) return { ok: false, driver, detail: where, error: 'an object written a moment ago is not there' };
      if ((await text(read.body)) !== body)
        return { ok: false, driver, detail: where, error: 'an object read back differs from what was written' };
      await storage.deletePrefix(prefix);
      if (await storage.stat(key))
        return { ok: false, driver, detail: where, error: 'a deleted object is still there' };
      return { ok: true, driver, detail: `${driver} storage at ${where}: wrote, read back and deleted an object` };
    } catch (error) {
      return { ok: false, driver, detail: where, error: message(error) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },

  /** The binaries' versions, then a one-second clip encoded and probed the way every upload is. */
  async mediaTools(): Promise<MediaToolsAnswer> {
    const tools = mediaTools();
    const [ffmpeg, ffprobe] = await Promise.all([
      version('ffmpeg', tools.ffmpegPath),
      version('ffprobe', tools.ffprobePath),
    ]);
    const found = {
      ffmpeg: { path: tools.ffmpegPath, version: ffmpeg.version },
      ffprobe: { path: tools.ffprobePath, version: ffprobe.version },
      nice: { path: tools.nicePath },
    };
    const at = (binary: string | null) => (binary ? `at ${binary}` : 'not found');
    if (!ffmpeg.version) return { ok: false, ...found, detail: `ffmpeg ${at(tools.ffmpegPath)}`, error: ffmpeg.error };
    if (!ffprobe.version)
      return { ok: false, ...found, detail: `ffprobe ${at(tools.ffprobePath)}`, error: ffprobe.error };
    // the absolute paths every run uses, so an unexpected binary shows here
    const paths =
      `ffmpeg ${tools.ffmpegPath}, ffprobe ${tools.ffprobePath}, ` +
      (tools.nicePath ? `nice ${tools.nicePath}` : 'no nice (encodes run at the normal priority)');
    const dir = await mkdtemp(path.join(tmpdir(), 'framecast-diagnostics-'));
    try {
      const clip = path.join(dir, 'clip.mp4');
      await runFfmpeg({
        inputs: [{ path: 'testsrc2=size=320x180:rate=30:duration=1', options: ['-f', 'lavfi'] }],
        outputs: [{ path: clip, options: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'] }],
        timeoutMs: 30_000,
      });
      const probed = (await runFfprobeJson(['-show_streams', '-show_format', clip], { timeoutMs: 15_000 })) as {
        streams?: Array<{ codec_name?: string }>;
        format?: { duration?: string };
      };
      const codec = probed.streams?.[0]?.codec_name;
      const seconds = Number(probed.format?.duration);
      if (codec !== 'h264' || !(Math.abs(seconds - 1) < 0.2))
        return {
          ok: false,
          ...found,
          detail: 'a one-second test clip',
          error: `encoded ${codec ?? 'nothing'} of ${seconds} s instead of H.264 of 1 s`,
        };
      return { ok: true, ...found, detail: `${ffmpeg.version} (${paths}); a one-second H.264 clip encoded and probed` };
    } catch (error) {
      return { ok: false, ...found, detail: 'encoding a one-second test clip', error: message(error) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },

  /** The runner: BullMQ on Redis (Redis answering, workers connected) or the CMS itself. */
  async queue(): Promise<RunnerHealth & { kind: 'bullmq' | 'in-process' | null }> {
    const pipeline = getService(strapi, 'pipeline');
    const kind = pipeline.runnerKind;
    if (!kind) return { kind, reachable: false, workers: 0, error: 'the transcoding pipeline has not started' };
    return { kind, ...(await pipeline.runnerHealth()) };
  },

  /**
   * A ping job through the runner and back (jobs/handlers.ts): with BullMQ, into the `transcode` queue, taken and
   * answered by a worker, whether or not this process runs jobs (the diagnose command's CMS does not); in process, by
   * this CMS, unless it runs no jobs (TRANSCODE_JOBS=off: nothing here would take a real one either).
   */
  async queueRoundTrip(timeoutMs: number): Promise<{
    kind: 'bullmq' | 'in-process' | null;
    takesJobs: boolean;
    storage: 'local' | 's3';
    roundTrip: PingRoundTrip | null;
  }> {
    const pipeline = getService(strapi, 'pipeline');
    const kind = pipeline.runnerKind;
    const config = getConfig(strapi);
    const found = { kind, takesJobs: config.processJobs, storage: config.storage.driver };
    if (!kind || (kind === 'in-process' && !config.processJobs)) return { ...found, roundTrip: null };
    return { ...found, roundTrip: await pipeline.pingRunner(timeoutMs) };
  },

  /** The metrics of the jobs this CMS runs in process (merged into GET /metrics by diagnostics). */
  metricsRegistry() {
    return getService(strapi, 'pipeline').metricsRegistry;
  },

  /** Jobs by state (waiting, delayed, active, completed, failed) for the metrics; null before the pipeline starts. */
  async queueCounts(): Promise<Record<string, number> | null> {
    return getService(strapi, 'pipeline').jobCounts();
  },
});
