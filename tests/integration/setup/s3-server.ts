/**
 * A real S3 API for tests: s3rver on 127.0.0.1 (a free port) with its files in a temp folder, and one empty
 * bucket created through the AWS SDK. s3rver accepts any request signed with its built-in S3RVER key pair.
 * It runs in a child process (s3-server-child.js) because its listing pagination needs OpenSSL's legacy provider.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

export interface TestS3Server {
  /** http://127.0.0.1:<port>, for path-style requests. */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Every request the server received so far, oldest first (to check how a client talked to it). */
  requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders }>;
  stop(): Promise<void>;
}

/** The settings that point Framecast's S3 storage (sources, HLS outputs, Strapi's media) at this server. */
export function s3StorageEnv(s3: TestS3Server): Record<string, string> {
  return {
    STORAGE_DRIVER: 's3',
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  };
}

/** A client for checking what landed in the bucket. */
export function s3Client(s3: TestS3Server): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
}

type ChildMessage = { port: number } | { request: TestS3Server['requests'][number] };

const ACCESS_KEY = 'S3RVER';
const REGION = 'us-east-1';
const START_TIMEOUT_MS = 15_000;

function startChild(
  directory: string,
  requests: TestS3Server['requests'],
): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(__dirname, 's3-server-child.js'), [directory], {
    execArgv: ['--openssl-legacy-provider'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`s3rver did not start within ${START_TIMEOUT_MS} ms. ${stderr}`));
    }, START_TIMEOUT_MS);
    child.on('message', (message: ChildMessage) => {
      if ('request' in message) requests.push(message.request);
      else {
        clearTimeout(timer);
        resolve({ child, port: message.port });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with code ${code} before listening. ${stderr}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function startS3Server(): Promise<TestS3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), 'framecast-s3-'));
  const requests: TestS3Server['requests'] = [];
  const { child, port } = await startChild(directory, requests);
  const endpoint = `http://127.0.0.1:${port}`;
  const bucket = `framecast-test-${randomBytes(4).toString('hex')}`;

  const client = new S3Client({
    endpoint,
    region: REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: ACCESS_KEY },
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    bucket,
    accessKeyId: ACCESS_KEY,
    secretAccessKey: ACCESS_KEY,
    region: REGION,
    requests,
    async stop() {
      await stopChild(child);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
