import { extensionOf, refusalFor, resolveEndpoint, titleFromFileName } from '../utils/files';
import { SpeedMeter, formatBytes, formatDuration, percentOf, renditionLabels } from '../utils/format';

const GIB = 1024 ** 3;
const limits = {
  acceptedExtensions: ['.mp4', '.mov', '.m4v', '.mkv', '.webm', '.avi', '.ts'],
  maxUploadBytes: 4 * GIB,
};

describe('refusalFor: the checks made before any byte is sent', () => {
  it('accepts a video file within the limit, whatever the case of its extension', () => {
    expect(refusalFor({ name: 'Holiday.MP4', size: 10 }, limits)).toBeNull();
    expect(refusalFor({ name: 'clip.final.webm', size: 4 * GIB }, limits)).toBeNull();
  });

  it('refuses a file one byte over the limit, with the limit to show', () => {
    expect(refusalFor({ name: 'big.mp4', size: 4 * GIB + 1 }, limits)).toEqual({
      reason: 'too-large',
      size: 4 * GIB + 1,
      maxUploadBytes: 4 * GIB,
    });
  });

  it('refuses other extensions and files without one', () => {
    expect(refusalFor({ name: 'notes.txt', size: 10 }, limits)).toMatchObject({
      reason: 'extension',
      extension: '.txt',
    });
    expect(refusalFor({ name: 'README', size: 10 }, limits)).toMatchObject({ reason: 'extension', extension: '' });
    expect(refusalFor({ name: '.mp4', size: 10 }, limits)).toMatchObject({ reason: 'extension', extension: '' });
  });

  it('refuses empty files', () => {
    expect(refusalFor({ name: 'empty.mov', size: 0 }, limits)).toEqual({ reason: 'empty' });
  });

  it('reads extensions', () => {
    expect(extensionOf('a.b.MKV')).toBe('.mkv');
    expect(extensionOf('trailing.')).toBe('');
  });
});

describe('resolveEndpoint', () => {
  it('joins a root-relative endpoint to the backend URL, keeping its path prefix', () => {
    expect(resolveEndpoint('/transcoding/tus/', 'http://localhost:1337')).toBe(
      'http://localhost:1337/transcoding/tus/',
    );
    expect(resolveEndpoint('/transcoding/tus/', 'https://example.org/cms/')).toBe(
      'https://example.org/cms/transcoding/tus/',
    );
  });

  it('keeps an absolute endpoint as it is', () => {
    expect(resolveEndpoint('https://uploads.example.org/tus/', 'http://localhost:1337')).toBe(
      'https://uploads.example.org/tus/',
    );
  });
});

describe('formatting', () => {
  it('shows sizes with binary multiples and short figures', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(4 * GIB)).toBe('4 GB');
    expect(formatBytes(1.5 * GIB)).toBe('1.5 GB');
    expect(formatBytes(7_799_460)).toBe('7.44 MB');
  });

  it('shows durations', () => {
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
  });

  it('clamps percentages', () => {
    expect(percentOf(50, 200)).toBe(25);
    expect(percentOf(5, 0)).toBe(0);
    expect(percentOf(300, 200)).toBe(100);
  });

  it('lists renditions smallest first', () => {
    expect(
      renditionLabels([
        { label: '1080p', height: 1080 },
        { label: '240p', height: 240 },
        { label: '720p', height: 720 },
      ]),
    ).toBe('240p · 720p · 1080p');
  });

  it('suggests a title from a file name', () => {
    expect(titleFromFileName('my_holiday-clip.final.mp4')).toBe('my holiday clip.final');
    expect(titleFromFileName('.mp4')).toBe('.mp4');
  });
});

describe('SpeedMeter', () => {
  it('measures over a sliding window and estimates the time left', () => {
    const meter = new SpeedMeter(5000);
    expect(meter.bytesPerSecond()).toBeNull();
    meter.add(0, 0);
    meter.add(1000, 1_000_000);
    meter.add(2000, 2_000_000);
    expect(meter.bytesPerSecond()).toBe(1_000_000);
    expect(meter.etaSeconds(3_000_000)).toBe(3);
    // old samples drop out: the speed follows the recent rate
    meter.add(10_000, 2_000_000);
    meter.add(11_000, 4_000_000);
    expect(meter.bytesPerSecond()).toBe(2_000_000);
  });
});
