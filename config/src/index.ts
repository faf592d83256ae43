export { catalog } from './catalog';
export { mediaLadder } from './media-ladder';
export type { H264Profile, LadderRung, MediaLadder } from './media-ladder';
export type { JobState, Playback, PlaybackRendition, PosterImage, TranscodeJobView } from './playback';
