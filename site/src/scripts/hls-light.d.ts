// hls.js ships no declarations for its light build (same API without alternate audio, subtitles, EME and CMCD).
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}
