/** Video files for the specs that upload: real H.264 + AAC clips made with ffmpeg, as a camera would give them. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * A clip with a 440 Hz tone in `dir`: 1080p30 by default (`size` for a smaller one, which encodes in a moment);
 * `bitrate` inflates it (the resume test needs a file that takes a while to send).
 */
export function makeClip(
  dir: string,
  name: string,
  { seconds = 4, bitrate, size = '1920x1080' }: { seconds?: number; bitrate?: string; size?: string } = {},
): string {
  const file = path.join(dir, name);
  const rate = bitrate ? ['-b:v', bitrate, '-maxrate', bitrate, '-bufsize', bitrate] : [];
  execFileSync(
    process.env.FFMPEG_PATH ?? 'ffmpeg',
    [
      ...['-v', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440'],
      ...['-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', ...rate],
      ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file],
    ],
    { stdio: 'inherit' },
  );
  return file;
}
