/** Byte counts, speeds and durations as people read them. Binary multiples with the familiar labels (4 GiB reads "4 GB"), as most file views show them. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))} ${UNITS[unit]}`;
}

/** The upload limit as a short whole figure: "4 GB", "500 MB", "1.5 GB". */
export function formatLimit(bytes: number): string {
  return formatBytes(bytes);
}

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "45 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function percentOf(done: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
}

/**
 * Transfer speed smoothed over the last few seconds, so the ETA does not jump with every progress event.
 * Feed it (time, bytes) samples; it keeps a sliding window.
 */
export class SpeedMeter {
  private samples: Array<{ at: number; bytes: number }> = [];

  constructor(private readonly windowMs = 5000) {}

  add(at: number, bytes: number): void {
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[0].at > this.windowMs) this.samples.shift();
  }

  reset(): void {
    this.samples = [];
  }

  /** Bytes per second, or null before there is enough to tell. */
  bytesPerSecond(): number | null {
    if (this.samples.length < 2) return null;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const elapsed = (last.at - first.at) / 1000;
    if (elapsed < 0.25) return null;
    return Math.max(0, (last.bytes - first.bytes) / elapsed);
  }

  /** Seconds left for `remaining` bytes at the current speed, or null. */
  etaSeconds(remaining: number): number | null {
    const speed = this.bytesPerSecond();
    if (!speed) return null;
    return remaining / speed;
  }
}

/** "240p · 360p · 720p · 1080p", smallest first. */
export function renditionLabels(renditions: Array<{ label: string; height: number }>): string {
  return [...renditions]
    .sort((a, b) => a.height - b.height)
    .map((rendition) => rendition.label)
    .join(' · ');
}
