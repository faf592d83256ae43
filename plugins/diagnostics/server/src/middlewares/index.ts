import requestMetrics from './request-metrics';

export default { 'request-metrics': requestMetrics };
