import hasReindexToken from './has-reindex-token';

export default { 'has-reindex-token': hasReindexToken };
