import protectSources from './protect-sources';

export default { 'protect-sources': protectSources };
