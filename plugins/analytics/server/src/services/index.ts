import aggregates from './aggregates';
import ingest from './ingest';
import reports from './reports';
import rollup from './rollup';
import salts from './salts';
import scheduler from './scheduler';

export default { aggregates, ingest, reports, rollup, salts, scheduler };
