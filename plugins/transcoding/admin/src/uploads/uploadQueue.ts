/**
 * The uploads of this browser tab: one tus upload per file, kept outside React so that switching tabs or
 * leaving the page does not stop them. Components read it with `useUploads` (useSyncExternalStore).
 *
 * Resuming: tus-js-client remembers each upload's URL in localStorage under a fingerprint of the file
 * (name, type, size, last modified, endpoint). Re-selecting the same file after a reload finds it with
 * `findPreviousUploads()` and continues from the server's offset.
 */
import {
  Upload,
  defaultOptions,
  type DetailedError,
  type HttpRequest,
  type HttpResponse,
  type PreviousUpload,
} from 'tus-js-client';
import { getFetchClient } from '@strapi/strapi/admin';
import { API, TICKET_HEADER, VIDEO_HEADER, statusOfError, type UploadTicket } from '../utils/api';
import {
  backendURL,
  refusalFor,
  resolveEndpoint,
  titleFromFileName,
  type FileRefusal,
  type UploadLimits,
} from '../utils/files';
import { SpeedMeter, percentOf } from '../utils/format';

/** Big enough to keep the link busy, small enough that a proxy's body limit or a dropped link costs little. */
const CHUNK_SIZE = 50 * 1024 * 1024;
/** Waits between automatic retries of a failed request; a longer outage waits for the browser to be online. */
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000, 60_000];
/** Files uploading at the same time; the others wait their turn. */
const PARALLEL = 2;
/** A ticket this close to its expiry is replaced before a new upload starts. */
const TICKET_MARGIN_MS = 10 * 60 * 1000;

export type UploadProblem =
  | FileRefusal
  | { reason: 'unauthorized' }
  | { reason: 'forbidden' }
  | { reason: 'not-found' }
  | { reason: 'unsupported-media' }
  | { reason: 'offline' }
  | { reason: 'network' }
  | { reason: 'server'; status?: number; message?: string };

export type UploadPhase =
  | 'refused' // the local check said no; nothing was sent
  | 'waiting' // in line behind other uploads
  | 'preparing' // getting a ticket, looking for an earlier attempt
  | 'uploading'
  | 'offline' // connection lost; continues by itself when the browser is back online
  | 'error' // stopped; Retry continues from the server's offset
  | 'cancelling'
  | 'cancelled'
  | 'uploaded'; // every byte is in; transcoding follows (see the status of `videoDocumentId`)

export interface UploadItem {
  id: string;
  name: string;
  size: number;
  /** Set when the upload replaces the source of an existing video. */
  target: string | null;
  phase: UploadPhase;
  bytesSent: number;
  percent: number;
  /** Bytes per second, smoothed; null until measurable. */
  speed: number | null;
  etaSeconds: number | null;
  /** Percent the server already had when an earlier attempt was resumed. */
  resumedAt: number | null;
  problem: UploadProblem | null;
  /** The video the upload created or replaced, from the final response's `Framecast-Video` header. */
  videoDocumentId: string | null;
}

interface Runtime {
  file: File;
  title: string | undefined;
  upload: Upload | null;
  meter: SpeedMeter;
}

type Listener = () => void;

let nextId = 0;

function problemFromStatus(status: number | undefined, message?: string): UploadProblem {
  if (status === 401) return { reason: 'unauthorized' };
  if (status === 403) return { reason: 'forbidden' };
  if (status === 404 || status === 410) return { reason: 'not-found' };
  if (status === 415) return { reason: 'unsupported-media' };
  if (status === 413) return { reason: 'too-large', size: 0, maxUploadBytes: 0 };
  if (status === undefined || status === 0)
    return typeof navigator !== 'undefined' && navigator.onLine === false
      ? { reason: 'offline' }
      : { reason: 'network' };
  return { reason: 'server', status, message };
}

function firstLine(text: string | undefined): string | undefined {
  const line = text
    ?.split('\n')
    .find((entry) => entry.trim())
    ?.trim();
  return line ? line.slice(0, 300) : undefined;
}

export class UploadQueue {
  private items: UploadItem[] = [];
  private runtimes = new Map<string, Runtime>();
  private listeners = new Set<Listener>();
  private ticket: UploadTicket | null = null;
  private ticketRequest: Promise<UploadTicket> | null = null;
  private onlineListener: (() => void) | null = null;

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = () => this.items;

  /** The last ticket seen, for its limits. */
  get limits(): UploadLimits | null {
    return this.ticket
      ? { acceptedExtensions: this.ticket.acceptedExtensions, maxUploadBytes: this.ticket.maxUploadBytes }
      : null;
  }

  /** The upload endpoint as an absolute URL, once a ticket told it. */
  get endpoint(): string | null {
    return this.ticket ? resolveEndpoint(this.ticket.endpoint, backendURL()) : null;
  }

  /** A ticket fetched by a page (with its own fetch client) is reused until close to its expiry. */
  rememberTicket(ticket: UploadTicket): void {
    this.ticket = ticket;
    this.emit();
  }

  /** Whether anything is still sending bytes (the page warns before unload). */
  get busy(): boolean {
    return this.items.some((item) =>
      ['waiting', 'preparing', 'uploading', 'offline', 'cancelling'].includes(item.phase),
    );
  }

  /** Adds files; the ones that pass the local check start (PARALLEL at a time), the others show why not. */
  add(files: File[], options: { limits: UploadLimits; target?: string | null }): void {
    const added: UploadItem[] = files.map((file) => {
      const id = `upload-${Date.now().toString(36)}-${(nextId += 1)}`;
      const refusal = refusalFor(file, options.limits);
      this.runtimes.set(id, {
        file,
        title: options.target ? undefined : titleFromFileName(file.name),
        upload: null,
        meter: new SpeedMeter(),
      });
      return {
        id,
        name: file.name,
        size: file.size,
        target: options.target ?? null,
        phase: refusal ? 'refused' : 'waiting',
        bytesSent: 0,
        percent: 0,
        speed: null,
        etaSeconds: null,
        resumedAt: null,
        problem: refusal,
        videoDocumentId: null,
      };
    });
    this.items = [...added, ...this.items];
    this.emit();
    this.pump();
  }

  /** Stops the upload and deletes what the server holds of it (tus termination). */
  async cancel(id: string): Promise<void> {
    const runtime = this.runtimes.get(id);
    const item = this.find(id);
    if (!item || !runtime) return;
    if (item.phase === 'waiting' || item.phase === 'refused') {
      this.update(id, { phase: 'cancelled', speed: null, etaSeconds: null });
      return;
    }
    this.update(id, { phase: 'cancelling', speed: null, etaSeconds: null });
    try {
      if (runtime.upload) await runtime.upload.abort(true);
    } catch {
      // the server drops partial uploads after their expiry anyway; the user asked to stop, and it has stopped
    }
    this.update(id, { phase: 'cancelled' });
    this.pump();
  }

  /** Tries again after an error, from the offset the server has. */
  retry(id: string): void {
    const item = this.find(id);
    if (!item || (item.phase !== 'error' && item.phase !== 'offline')) return;
    this.update(id, { phase: 'waiting', problem: null });
    this.pump();
  }

  /** Drops a row that is finished, refused or cancelled. */
  dismiss(id: string): void {
    const item = this.find(id);
    if (!item || ['preparing', 'uploading', 'cancelling'].includes(item.phase)) return;
    this.items = this.items.filter((entry) => entry.id !== id);
    this.runtimes.delete(id);
    this.emit();
  }

  /** Drops every row that needs nothing more from the user. */
  clearSettled(): void {
    const settled = new Set(
      this.items.filter((item) => ['refused', 'cancelled', 'uploaded'].includes(item.phase)).map((item) => item.id),
    );
    this.items = this.items.filter((item) => !settled.has(item.id));
    for (const id of settled) this.runtimes.delete(id);
    this.emit();
  }

  /** Uploads left unfinished by an earlier page load (their URLs are in localStorage), for this endpoint. */
  async unfinished(): Promise<PreviousUpload[]> {
    const endpoint = this.endpoint;
    if (!endpoint) return [];
    const all = await defaultOptions.urlStorage.findAllUploads();
    const inUse = new Set([...this.runtimes.values()].map((runtime) => runtime.upload?.url).filter(Boolean));
    return all.filter((entry) => entry.uploadUrl?.startsWith(endpoint) && !inUse.has(entry.uploadUrl));
  }

  /** Forgets an unfinished upload and deletes it on the server. */
  async discard(previous: PreviousUpload): Promise<void> {
    try {
      const ticket = await this.freshTicket();
      if (previous.uploadUrl)
        await Upload.terminate(previous.uploadUrl, {
          headers: { [TICKET_HEADER]: ticket.ticket },
          retryDelays: [0, 1000],
        });
    } catch {
      // gone already, or expired: forgetting it locally is what matters
    }
    await defaultOptions.urlStorage.removeUpload(previous.urlStorageKey);
    this.emit();
  }

  private find(id: string): UploadItem | undefined {
    return this.items.find((item) => item.id === id);
  }

  private update(id: string, patch: Partial<UploadItem>): void {
    let changed = false;
    this.items = this.items.map((item) => {
      if (item.id !== id) return item;
      changed = true;
      return { ...item, ...patch };
    });
    if (changed) this.emit();
  }

  private emit(): void {
    // a new array identity tells useSyncExternalStore that something changed even when only the ticket did
    this.items = [...this.items];
    for (const listener of this.listeners) listener();
    this.watchOnline();
  }

  /** While anything waits for the network, continue it when the browser says it is back. */
  private watchOnline(): void {
    const waiting = this.items.some((item) => item.phase === 'offline');
    if (waiting && !this.onlineListener && typeof window !== 'undefined') {
      this.onlineListener = () => {
        for (const item of this.items) if (item.phase === 'offline') this.retry(item.id);
      };
      window.addEventListener('online', this.onlineListener);
    } else if (!waiting && this.onlineListener) {
      window.removeEventListener('online', this.onlineListener);
      this.onlineListener = null;
    }
  }

  private pump(): void {
    let running = this.items.filter((item) => item.phase === 'preparing' || item.phase === 'uploading').length;
    // oldest first: items are listed newest first
    for (const item of [...this.items].reverse()) {
      if (running >= PARALLEL) break;
      if (item.phase !== 'waiting') continue;
      running += 1;
      void this.run(item.id);
    }
  }

  private async freshTicket(): Promise<UploadTicket> {
    if (this.ticket && Date.parse(this.ticket.expiresAt) - Date.now() > TICKET_MARGIN_MS) return this.ticket;
    if (!this.ticketRequest) {
      this.ticketRequest = getFetchClient()
        .post<UploadTicket>(API.uploadTickets, {})
        .then(({ data }) => {
          this.ticket = data;
          return data;
        })
        .finally(() => {
          this.ticketRequest = null;
        });
    }
    return this.ticketRequest;
  }

  private async run(id: string): Promise<void> {
    const runtime = this.runtimes.get(id);
    const item = this.find(id);
    if (!runtime || !item) return;
    this.update(id, { phase: 'preparing', problem: null });

    let ticket: UploadTicket;
    try {
      ticket = await this.freshTicket();
    } catch (error) {
      this.fail(id, problemFromStatus(statusOfError(error) ?? 0));
      return;
    }
    if (this.find(id)?.phase !== 'preparing') return; // cancelled meanwhile

    // the limit may have changed since the file was added (the ticket is the authority)
    const refusal = refusalFor(runtime.file, ticket);
    if (refusal) {
      this.update(id, { phase: 'refused', problem: refusal });
      this.pump();
      return;
    }

    if (runtime.upload?.url) {
      // a retry: same upload, fresh ticket; tus asks the server for its offset first
      runtime.upload.options.headers = { ...runtime.upload.options.headers, [TICKET_HEADER]: ticket.ticket };
      runtime.meter.reset();
      this.update(id, { phase: 'uploading' });
      runtime.upload.start();
      return;
    }

    const upload = this.createUpload(id, runtime, ticket);
    runtime.upload = upload;
    try {
      const previous = (await upload.findPreviousUploads())
        .filter((entry) => (entry.metadata?.videoDocumentId ?? '') === (item.target ?? ''))
        .sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime));
      if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
    } catch {
      // no storage (private mode): a fresh upload it is
    }
    if (this.find(id)?.phase !== 'preparing') return;
    this.update(id, { phase: 'uploading' });
    upload.start();
  }

  private createUpload(id: string, runtime: Runtime, ticket: UploadTicket): Upload {
    const item = this.find(id)!;
    const metadata: Record<string, string> = {
      filename: runtime.file.name,
      filetype: runtime.file.type || 'application/octet-stream',
    };
    if (runtime.title) metadata.title = runtime.title;
    if (item.target) metadata.videoDocumentId = item.target;

    return new Upload(runtime.file, {
      endpoint: resolveEndpoint(ticket.endpoint, backendURL()),
      headers: { [TICKET_HEADER]: ticket.ticket },
      metadata,
      chunkSize: CHUNK_SIZE,
      retryDelays: RETRY_DELAYS,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      // retry lost connections and server hiccups; a 4xx (bad ticket, too large, refused) will not get better
      onShouldRetry: (error: DetailedError) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        if (status >= 400 && status < 500 && status !== 409 && status !== 423 && status !== 429) return false;
        return navigator.onLine !== false;
      },
      onAfterResponse: (request: HttpRequest, response: HttpResponse) => {
        // the HEAD that starts a resumed upload tells how much the server already has
        if (request.getMethod() === 'HEAD' && response.getStatus() < 300) {
          const offset = Number(response.getHeader('Upload-Offset'));
          const current = this.find(id);
          if (Number.isFinite(offset) && current && current.resumedAt === null && offset > 0) {
            this.update(id, {
              resumedAt: percentOf(offset, runtime.file.size),
              bytesSent: offset,
              percent: percentOf(offset, runtime.file.size),
            });
          }
        }
      },
      onProgress: (bytesSent: number, bytesTotal: number) => {
        const now = performance.now();
        runtime.meter.add(now, bytesSent);
        const current = this.find(id);
        if (!current || current.phase === 'cancelling' || current.phase === 'cancelled') return;
        this.update(id, {
          phase: 'uploading',
          bytesSent,
          percent: percentOf(bytesSent, bytesTotal),
          speed: runtime.meter.bytesPerSecond(),
          etaSeconds: runtime.meter.etaSeconds(bytesTotal - bytesSent),
        });
      },
      onSuccess: ({ lastResponse }) => {
        const videoDocumentId =
          lastResponse.getHeader(VIDEO_HEADER) ??
          lastResponse.getHeader(VIDEO_HEADER.toLowerCase()) ??
          item.target ??
          null;
        this.update(id, {
          phase: 'uploaded',
          bytesSent: runtime.file.size,
          percent: 100,
          speed: null,
          etaSeconds: null,
          problem: null,
          videoDocumentId,
        });
        this.pump();
      },
      onError: (error: Error | DetailedError) => {
        const detailed = error as DetailedError;
        const response = detailed.originalResponse ?? null;
        const status = response?.getStatus();
        let problem = problemFromStatus(status, firstLine(response?.getBody()));
        if (problem.reason === 'too-large')
          problem = { reason: 'too-large', size: runtime.file.size, maxUploadBytes: ticket.maxUploadBytes };
        if (status === 401) this.ticket = null; // expired or revoked: the retry fetches a new one
        this.fail(id, problem);
      },
    });
  }

  private fail(id: string, problem: UploadProblem): void {
    const current = this.find(id);
    if (!current || current.phase === 'cancelling' || current.phase === 'cancelled') return;
    const phase: UploadPhase =
      problem.reason === 'too-large' || problem.reason === 'extension' || problem.reason === 'empty'
        ? 'refused'
        : problem.reason === 'offline'
          ? 'offline'
          : 'error';
    this.update(id, { phase, problem, speed: null, etaSeconds: null });
    this.pump();
  }
}

/** New videos from the upload page. */
export const newVideoUploads = new UploadQueue();
/** Source replacements from the edit view's panel (rows carry the video's documentId as `target`). */
export const replacementUploads = new UploadQueue();
