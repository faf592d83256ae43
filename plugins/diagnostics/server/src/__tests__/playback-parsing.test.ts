import { firstSegment, lowestVariant, segmentFormat } from '../checks/playback';

const MASTER = [
  '#EXTM3U',
  '#EXT-X-VERSION:3',
  '#EXT-X-INDEPENDENT-SEGMENTS',
  '#EXT-X-STREAM-INF:BANDWIDTH=1400000,AVERAGE-BANDWIDTH=1200000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2"',
  '360p/index.m3u8',
  '#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=300000,BANDWIDTH=420000,RESOLUTION=426x240,CODECS="avc1.42e015,mp4a.40.2"',
  '240p/index.m3u8',
  '',
].join('\n');

test('the lowest variant is read by BANDWIDTH (not AVERAGE-BANDWIDTH), whatever the order', () => {
  expect(lowestVariant(MASTER)).toEqual({ uri: '240p/index.m3u8', bandwidth: 420000 });
  expect(lowestVariant('#EXTM3U\n#EXT-X-VERSION:3\n')).toBeNull();
});

test('the first segment is the URI after the first #EXTINF', () => {
  const media =
    '#EXTM3U\r\n#EXT-X-TARGETDURATION:2\r\n#EXTINF:2.000000,\r\nseg_0000.ts\r\n#EXTINF:1.0,\r\nseg_0001.ts\r\n';
  expect(firstSegment(media)).toBe('seg_0000.ts');
  expect(firstSegment('#EXTM3U\n#EXT-X-ENDLIST\n')).toBeNull();
});

test('segments begin as MPEG-TS (a sync byte every 188 bytes) or an fMP4 box; anything else is refused', () => {
  const ts = Buffer.alloc(376);
  ts[0] = 0x47;
  ts[188] = 0x47;
  expect(segmentFormat(ts)).toBe('MPEG-TS');
  const broken = Buffer.from(ts);
  broken[188] = 0;
  expect(segmentFormat(broken)).toBeNull();
  for (const box of ['styp', 'moof', 'ftyp'])
    expect(segmentFormat(Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from(box), Buffer.alloc(16)]))).toBe('fMP4');
  expect(segmentFormat(Buffer.from('<html><body>Not found</body></html>'))).toBeNull();
  expect(segmentFormat(Buffer.alloc(0))).toBeNull();
});
