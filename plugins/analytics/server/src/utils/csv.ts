/** Tables as CSV: the one writer every export uses (@framecast/contracts), so a formula in a title never runs. */
export { toCsv, type CsvColumn } from '@framecast/contracts';
