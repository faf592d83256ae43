import metricsAccess from './metrics-access';

export default { 'metrics-access': metricsAccess };
