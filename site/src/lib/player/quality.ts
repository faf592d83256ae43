// The quality menu of the player. Plyr lists numbers (0 = Auto, otherwise the picture's short side, so a
// portrait 720x1280 rung reads "720p" like a landscape one); hls.js switches by level index.
// Pure and DOM-free: the client script uses it and the unit tests run it under Node.

export const AUTO_QUALITY = 0;

/** What the menu needs from an hls.js level. */
export interface LevelSize {
  width: number;
  height: number;
  bitrate?: number;
}

/** The short side of a level, or 0 when the playlist did not declare a resolution. */
export function qualityOf(level: LevelSize): number {
  const sides = [level.width, level.height].filter((side) => Number.isFinite(side) && side > 0);
  return sides.length > 0 ? Math.min(...sides) : 0;
}

/** Menu options: Auto first, then each distinct quality, highest first. */
export function qualityOptions(levels: readonly LevelSize[]): number[] {
  const values = [...new Set(levels.map(qualityOf).filter((value) => value > 0))].sort((a, b) => b - a);
  return [AUTO_QUALITY, ...values];
}

/** The hls.js level for a menu choice: -1 for Auto (or an unknown value), else the highest bitrate of that quality. */
export function levelIndexFor(levels: readonly LevelSize[], quality: number): number {
  if (quality === AUTO_QUALITY) return -1;
  let index = -1;
  let bitrate = -1;
  levels.forEach((level, i) => {
    if (qualityOf(level) === quality && (level.bitrate ?? 0) > bitrate) {
      index = i;
      bitrate = level.bitrate ?? 0;
    }
  });
  return index;
}

/** "Auto", or "Auto (480p)" once we know which level adaptive switching picked. */
export function autoQualityLabel(level: LevelSize | undefined): string {
  const quality = level ? qualityOf(level) : 0;
  return quality > 0 ? `Auto (${quality}p)` : 'Auto';
}
