/**
 * `npm run worker`: a stateless transcoding worker. Needs REDIS_URL and the same storage settings as the CMS;
 * it does not boot Strapi or touch the database. GET /health on WORKER_HEALTH_PORT answers 200 while Redis
 * answers, 503 otherwise; GET /health/ready answers 200 while it takes jobs (Redis answers, the worker runs); GET /metrics there serves the jobs' metrics (jobs/metrics.ts) to Prometheus, under the rule
 * the CMS's /metrics follows (`@framecast/contracts` metricsAccess: METRICS_TOKEN, or loopback outside production). SIGTERM/SIGINT finish the running job's bookkeeping and exit.
 * Logs are pino lines (JSON in production or with LOG_FORMAT=json, readable otherwise; LOG_LEVEL), each line of a job
 * with the id of the request that queued it (`reqId`).
 */
import http from 'node:http';
import IORedis from 'ioredis';
import pino from 'pino';
import { logSettingsFrom, metricsAccess, pinoOptions, prettyDestination } from '@framecast/contracts';
import { transcodingConfigFrom } from '../config';
import { missingToolMessage, useMediaTools } from '../media/ffmpeg';
import { createMediaStorage } from '../storage';
import { startTranscodeWorker } from './bullmq-worker';
import { createTranscodeMetrics, mediaFolders } from './metrics';
import { sweepStaleWorkFolders } from './work-folders';

function createLog() {
  try {
    // a process entry point, as cms/config is for the CMS: the log settings go through the parser the CMS uses
    const settings = logSettingsFrom(process.env);
    return pino(
      pinoOptions('worker', settings),
      settings.format === 'json' ? process.stdout : prettyDestination(process.stdout),
    );
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}
const log = createLog();

async function main() {
  // a process entry point, as cms/config/plugins.ts is for the CMS: the one place in the plugin that reads the
  // environment, through the same parser, so the worker and the CMS read one set of names
  const config = transcodingConfigFrom(process.env);
  useMediaTools(config.mediaTools);
  // every encode would fail saying so: say it once at start too
  if (!config.mediaTools.ffmpegPath) log.error(missingToolMessage('ffmpeg'));
  if (!config.mediaTools.ffprobePath) log.error(missingToolMessage('ffprobe'));
  if (!config.redisUrl) {
    log.error('REDIS_URL is not set: without Redis the CMS runs jobs in-process and no worker is needed.');
    process.exit(2);
  }
  // what a worker killed mid-encode on this host left behind (kill -9, a crash) goes before this one takes jobs
  const swept = await sweepStaleWorkFolders(config.workDir);
  if (swept.length > 0) log.info({ folders: swept }, 'removed work folders left by stopped processes');
  const storage = createMediaStorage(config.storage);
  let active = () => 0;
  const metrics = createTranscodeMetrics({
    service: 'worker',
    processMetrics: true,
    active: () => active(),
    folders: () => mediaFolders(config, { uploads: false }),
  });
  const transcoder = startTranscodeWorker(config, storage, log, metrics);
  active = () => transcoder.active();
  await transcoder.worker.waitUntilReady();
  let stopping = false;
  // a separate connection for the health probe: the worker's own ones block on Redis while waiting for jobs
  const probe = new IORedis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 2000 });
  probe.on('error', () => undefined);

  const health = http.createServer((request, response) => {
    if (request.url === '/metrics') {
      const access = metricsAccess({
        token: config.metricsToken,
        production: config.production,
        authorization: request.headers.authorization,
        remoteAddress: request.socket.remoteAddress,
      });
      if (!access.allowed) {
        response
          .writeHead(access.status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { status: access.status, message: access.message } }));
        return;
      }
      void metrics.registry.metrics().then(
        (body) =>
          response
            .writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' })
            .end(body),
        () => response.writeHead(500).end(),
      );
      return;
    }
    if (request.url === '/health/ready') {
      // ready to take jobs: Redis answers and the BullMQ worker is running (not starting, not closing)
      void probe
        .ping()
        .then(
          () => 'ok',
          () => 'down',
        )
        .then((redis) => {
          const ready = redis === 'ok' && transcoder.worker.isRunning() && !stopping;
          response
            .writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
            .end(JSON.stringify({ status: ready ? 'ready' : 'not-ready', redis, taking: ready }));
        });
      return;
    }
    if (request.url !== '/health') {
      response.writeHead(404).end();
      return;
    }
    void (async () => {
      const redis = await probe.ping().then(
        () => 'ok',
        () => 'down',
      );
      const body = {
        status: redis === 'ok' ? 'ok' : 'degraded',
        redis,
        activeJobs: transcoder.active(),
        concurrency: config.concurrency,
        storage: storage.driver,
      };
      response
        .writeHead(redis === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(body));
    })().catch(() => response.writeHead(503).end());
  });
  health.listen(config.workerHealthPort, () => {
    const address = health.address();
    log.info(
      {
        queuePrefix: config.queuePrefix,
        concurrency: config.concurrency,
        healthPort: typeof address === 'object' && address ? address.port : null,
        // the binaries every encode runs (absolute paths, resolved at start; null: not found)
        ffmpeg: config.mediaTools.ffmpegPath,
        ffprobe: config.mediaTools.ffprobePath,
        nice: config.mediaTools.nicePath,
      },
      'worker ready',
    );
  });

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker stopping');
    health.close();
    await transcoder.close();
    await storage.close();
    probe.disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  log.error({ error: error instanceof Error ? error.message : String(error) }, 'worker failed to start');
  process.exit(1);
});
