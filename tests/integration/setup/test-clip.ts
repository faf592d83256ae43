import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * A short H.264/AAC MP4 from ffmpeg's test pattern and a tone, encoded fast: what the API suites upload. Writes it to
 * `file` and returns its bytes.
 */
export function makeTestClip(
  file: string,
  {
    size = '640x360',
    rate = 30,
    seconds = 3,
    toneHz = 440,
  }: { size?: string; rate?: number; seconds?: number; toneHz?: number } = {},
): Buffer {
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=${toneHz}:sample_rate=48000`, '-t', String(seconds)],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file],
  ]);
  return readFileSync(file);
}
