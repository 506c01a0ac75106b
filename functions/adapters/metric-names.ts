// The names the functions publish metrics under and the dashboard and alarms read: one list for both.
// (No imports: the CDK app reads it too.)

/** CloudWatch namespace of the business metrics (Powertools Metrics, embedded metric format). */
export const METRIC_NAMESPACE = 'SkillReports';

/** Business metrics, each a count, with the `service` dimension of the function that emits it. */
export const METRICS = {
  /** A new report stored (a retried submission that returns the same receipt is not counted again). */
  reportsFiled: 'ReportsFiled',
  /** An uploaded file refused by the evidence check (wrong size, type or content). */
  filesRefused: 'FilesRefused',
  /** Reports past a deadline, counted by the daily reminder each working morning. */
  overdueCases: 'OverdueCases',
  /** Reports whose next deadline is within the next working day, counted by the daily reminder. */
  dueSoonCases: 'DueSoonCases',
  /** A filing or look-up whose proof of work was missing, wrong, reused or expired. */
  proofOfWorkFailures: 'ProofOfWorkFailures',
} as const;

/** `service` of each function: the logs' `service` key and the metrics' dimension. */
export const SERVICES = {
  publicApi: 'public-api',
  staffApi: 'staff-api',
  evidenceUploaded: 'evidence-checker',
  evidenceText: 'evidence-text-reader',
  deadlines: 'deadline-reminder',
  exportJob: 'export-job',
  caseFileJob: 'case-file-job',
} as const;
export type ServiceName = (typeof SERVICES)[keyof typeof SERVICES];
