/**
 * The JSON contract's version (`schemaVersion` in `--format json`): bump it on any change that
 * could break a consumer. Apart from report.ts because buildReport needs only this number, and
 * importing report.ts loads zod for its schemas (~45 ms and some heap at every run's start).
 */
export const REPORT_SCHEMA_VERSION = 1;
