import { EventEmitter } from 'node:events';
import { connectionErrorReporter } from '../queue-connection';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });

function logger() {
  const lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) => lines.push({ level, msg, fields });
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('connectionErrorReporter', () => {
  afterEach(() => jest.useRealTimers());

  test('one warning when Redis stops answering, one a minute while it lasts, one line when it is back', () => {
    jest.useFakeTimers({ now: 0 });
    const { lines, log } = logger();
    const backend = new EventEmitter();
    const queue = Object.assign(new EventEmitter(), { backend });
    connectionErrorReporter(log, 'transcode queue').watch(queue);

    for (let i = 0; i < 50; i++) {
      queue.emit('error', refused());
      jest.advanceTimersByTime(500);
    }
    expect(lines).toEqual([
      {
        level: 'warn',
        msg: 'transcode queue: Redis does not answer; retrying',
        fields: { error: 'connect ECONNREFUSED 127.0.0.1:6379' },
      },
    ]);
    jest.advanceTimersByTime(60_000);
    queue.emit('error', refused());
    expect(lines[1]).toMatchObject({ level: 'warn', msg: 'transcode queue: Redis still does not answer; retrying' });
    expect(lines[1]!.fields).toMatchObject({ errors: 51, seconds: 85 });

    backend.emit('ready');
    expect(lines[2]).toMatchObject({ level: 'info', msg: 'transcode queue: Redis answers again' });
    backend.emit('ready');
    expect(lines).toHaveLength(3);
    // the next outage is a new one
    queue.emit('error', refused());
    expect(lines[3]).toMatchObject({ level: 'warn', msg: 'transcode queue: Redis does not answer; retrying' });
  });

  test('an error that is not about the connection is logged as an error, each time', () => {
    const { lines, log } = logger();
    const worker = new EventEmitter();
    connectionErrorReporter(log, 'worker').watch(worker);
    worker.emit('error', new Error('Missing lock for job 12'));
    worker.emit('error', new Error('Missing lock for job 13'));
    expect(lines.map((line) => [line.level, line.msg, line.fields.error])).toEqual([
      ['error', 'worker error', 'Missing lock for job 12'],
      ['error', 'worker error', 'Missing lock for job 13'],
    ]);
  });
});
