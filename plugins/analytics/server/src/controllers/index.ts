import ingest from './ingest';
import reports from './reports';

export default { ingest, reports };
