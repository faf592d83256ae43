// The one rule for every /metrics (the CMS's, the worker's, the site's): the token when one is set, else this machine
// only (the socket's address) and never in production.
import { metricsAccess } from '../metrics-access';

const TOKEN = 'a-long-metrics-token-0123';
const ask = (over: Partial<Parameters<typeof metricsAccess>[0]>) =>
  metricsAccess({ token: null, production: false, authorization: undefined, remoteAddress: '127.0.0.1', ...over });

describe('metricsAccess', () => {
  it.each(['127.0.0.1', '127.3.4.5', '::1', '::ffff:127.0.0.1'])(
    'opens to this machine (%s) outside production',
    (address) => {
      expect(ask({ remoteAddress: address })).toEqual({ allowed: true });
    },
  );

  it.each(['192.0.2.7', '::ffff:10.0.0.1', 'fd00::2', '127.0.0.1.example', undefined])(
    'refuses another address (%s) with 403',
    (address) => {
      expect(ask({ remoteAddress: address })).toMatchObject({ allowed: false, status: 403 });
    },
  );

  it('refuses everyone in production without a token, this machine included', () => {
    expect(ask({ production: true })).toEqual({
      allowed: false,
      status: 403,
      message: 'Metrics are off in production until METRICS_TOKEN is set.',
    });
  });

  it('with a token, asks it of everyone (this machine too) as a bearer token', () => {
    expect(ask({ token: TOKEN })).toMatchObject({ allowed: false, status: 401 });
    expect(ask({ token: TOKEN, authorization: TOKEN })).toMatchObject({ allowed: false, status: 401 });
    expect(ask({ token: TOKEN, authorization: `Bearer ${TOKEN}x` })).toMatchObject({ allowed: false, status: 401 });
    expect(ask({ token: TOKEN, authorization: `Bearer ${TOKEN.slice(0, -1)}` })).toMatchObject({ status: 401 });
    expect(
      ask({ token: TOKEN, authorization: `Bearer ${TOKEN}`, remoteAddress: '192.0.2.7', production: true }),
    ).toEqual({
      allowed: true,
    });
    expect(ask({ token: TOKEN, authorization: `bearer ${TOKEN}` })).toEqual({ allowed: true });
  });
});
