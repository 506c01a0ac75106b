import { Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, type HttpRoute, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { DOCUMENT_FONTS, HANDLERS } from '../paths';
import type { Auth } from './auth';
import type { EvidenceProcessing } from './evidence-processing';
import { PortalFunction, retentionFor } from './function-defaults';
import { BUCKET_PREFIXES, INDEX_LIST } from '../../functions/adapters/table-schema';
import type { Storage } from './storage';

export interface ApiProps {
  readonly storage: Storage;
  readonly auth: Auth;
  readonly evidence: EvidenceProcessing;
  readonly logRetentionDays: number;
  readonly tracing: boolean;
  readonly throttle: { rateLimit: number; burstLimit: number };
  /** Per authority: the office's name, 机关代字 and contact for its documents (officeOverridesSchema). */
  readonly offices?: Record<string, unknown>;
  /** The procedure's settings (the statement period, procedureSettingsSchema). */
  readonly procedure?: Record<string, unknown>;
}

/**
 * The HTTP API on its `$default` stage (any other stage name would appear in the path Hono sees), with
 * the public and the staff function behind it, each with its own role.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly publicApi: PortalFunction;
  readonly staffApi: PortalFunction;
  readonly exportJob: PortalFunction;
  readonly caseFileJob: PortalFunction;
  readonly receiptKey: Secret;
  /** Routes open to anyone (no authorizer), by design. */
  readonly publicRoutes: HttpRoute[];
  /** GET /api/staff/config: the console's sign-in settings, needed before sign-in. */
  readonly signInConfigRoutes: HttpRoute[];
  /** GET /api/staff/openapi.json: the staff API's OpenAPI document, read by the API reference at /api/docs. */
  readonly staffSpecRoutes: HttpRoute[];
  /** Host name of the API, for the CloudFront origin. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { storage, auth } = props;

    this.receiptKey = new Secret(this, 'ReceiptKey', {
      description: 'HMAC key that signs reporters’ receipts (tracking code + secret)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Public: write reports and upload under a report's prefix; read a report's own items once its receipt was
    // checked (Query on the table needs the exact partition: it cannot list), and the registry for routing;
    // never read evidence, never query an index, never scan.
    this.publicApi = new PortalFunction(this, 'Public', {
      entry: HANDLERS.publicApi,
      description: 'Public API: reports, evidence uploads, look-up, messages',
      logRetentionDays: props.logRetentionDays,
      tracing: props.tracing,
    });
    this.publicApi
      .bindTable(storage.table, { onTable: ['GetItem', 'PutItem', 'UpdateItem', 'Query'] })
      .bindEvidence(storage.evidence, { objectActions: ['GetObject'], kms: ['Decrypt'], prefix: BUCKET_PREFIXES.registry })
      // s3:PutObject covers Create/UploadPart/CompleteMultipartUpload. KMS Decrypt: S3 needs it for
      // multipart uploads to an SSE-KMS bucket; the kms:ViaService condition keeps it to S3 requests.
      .bindEvidence(storage.evidence, {
        objectActions: ['PutObject', 'AbortMultipartUpload', 'ListMultipartUploadParts'],
        kms: ['Encrypt', 'GenerateDataKey', 'Decrypt'],
      })
      .bindSecret('RECEIPT_KEY_SECRET_ARN', this.receiptKey)
      .bindInvoke('EVIDENCE_VERIFIER_FUNCTION', props.evidence.handler.fn);

    this.staffApi = new PortalFunction(this, 'Staff', {
      entry: HANDLERS.staffApi,
      description: 'Staff API: queues, cases, the procedure and its documents, evidence viewing',
      logRetentionDays: props.logRetentionDays,
      tracing: props.tracing,
      timeout: Duration.seconds(29),
      // The documents renderer parses the 15 MB font files on first use.
      memorySize: 1024,
      assets: DOCUMENT_FONTS.files.map((from) => ({ from, to: DOCUMENT_FONTS.dir })),
    });
    // The case file (处理档案) of a closed case carries the evidence originals: packed on its own, as long as it takes.
    this.caseFileJob = new PortalFunction(this, 'CaseFile', {
      entry: HANDLERS.caseFileJob,
      description: 'Case files: a closed case as one zip (documents, evidence originals, SHA-256 manifest, audit trail)',
      logRetentionDays: props.logRetentionDays,
      tracing: props.tracing,
      memorySize: 1024,
      timeout: Duration.minutes(15),
    });
    this.caseFileJob
      .bindTable(storage.table, { onTable: ['GetItem', 'PutItem', 'UpdateItem', 'Query'] })
      // The originals as checked (by version), the issued documents, and the zip written under the retention lock.
      .bindEvidence(storage.evidence, { objectActions: ['GetObject', 'GetObjectVersion'], kms: ['Decrypt'] })
      .bindEvidence(storage.evidence, {
        objectActions: ['GetObject', 'GetObjectVersion', 'PutObject', 'AbortMultipartUpload'],
        kms: ['Encrypt', 'GenerateDataKey', 'Decrypt'],
        prefix: BUCKET_PREFIXES.caseFiles,
      });
    // Exports run on their own (asynchronous invocation): as long as a large export takes, never in a request.
    this.exportJob = new PortalFunction(this, 'Export', {
      entry: HANDLERS.exportJob,
      description: 'Export jobs: a queue as CSV and XLSX into the export prefix',
      logRetentionDays: props.logRetentionDays,
      tracing: props.tracing,
      memorySize: 1024,
      timeout: Duration.minutes(15),
    });
    this.exportJob
      .bindTable(storage.table, { onTable: ['GetItem', 'PutItem', 'Query', 'BatchGetItem'], onIndexes: { names: INDEX_LIST.map((i) => i.name), actions: ['Query'] } })
      .bindEvidence(storage.evidence, { objectActions: ['PutObject', 'PutObjectRetention', 'AbortMultipartUpload'], kms: ['Encrypt', 'GenerateDataKey', 'Decrypt'], prefix: BUCKET_PREFIXES.exports });

    this.staffApi
      .bindTable(storage.table, {
        onTable: ['GetItem', 'PutItem', 'UpdateItem', 'Query'],
        onIndexes: { names: INDEX_LIST.map((i) => i.name), actions: ['Query'] },
      })
      // GetObjectVersion: evidence is served as the version that was checked (a presigned GET with its VersionId).
      .bindEvidence(storage.evidence, {
        objectActions: ['GetObject', 'GetObjectVersion', 'PutObject'],
        kms: ['Decrypt', 'Encrypt', 'GenerateDataKey'],
      })
      .bindEvidence(storage.evidence, { objectActions: ['GetObject', 'PutObject'], kms: [], prefix: BUCKET_PREFIXES.registry })
      // Photos' display copies (no metadata), served by default; originals are opened with a reason.
      .bindEvidence(storage.evidence, { objectActions: ['GetObject'], kms: ['Decrypt'], prefix: BUCKET_PREFIXES.display })
      // Export links are presigned with the staff role's own credentials.
      .bindEvidence(storage.evidence, { objectActions: ['GetObject'], kms: [], prefix: BUCKET_PREFIXES.exports })
      // Issued documents: written once, served by links presigned with this role (by version).
      .bindEvidence(storage.evidence, { objectActions: ['GetObject', 'GetObjectVersion', 'PutObject'], kms: [], prefix: BUCKET_PREFIXES.caseFiles })
      .bindInvoke('EXPORT_FUNCTION', this.exportJob.fn)
      .bindInvoke('CASE_FILE_FUNCTION', this.caseFileJob.fn)
      .bindEnv('DOCUMENT_FONTS_DIR', `/var/task/${DOCUMENT_FONTS.dir}`)
      .bindEnv('OFFICES', JSON.stringify(props.offices ?? {}))
      .bindEnv('PROCEDURE', JSON.stringify(props.procedure ?? {}))
      .bindEnv('OIDC_ISSUER', auth.issuer)
      .bindEnv('OIDC_AUDIENCE', auth.audience)
      .bindEnv('OIDC_GROUPS_CLAIM', auth.groupsClaim);
    if (auth.domain) this.staffApi.bindEnv('OIDC_SIGN_OUT_URL', `${auth.domain.baseUrl()}/logout`);

    this.httpApi = new HttpApi(this, 'Http', {
      description: 'Skill-assessment violation reports',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: retentionFor(props.logRetentionDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'Default', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No source IP: reporters may be anonymous, and the API log need not say who they are.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            route: '$context.routeKey',
            status: '$context.status',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    this.publicRoutes = this.httpApi.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('PublicIntegration', this.publicApi.fn),
    });
    // The console reads its sign-in settings (issuer, client id: nothing secret) before it has a token.
    this.signInConfigRoutes = this.httpApi.addRoutes({
      path: '/api/staff/config',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('StaffConfigIntegration', this.staffApi.fn),
    });
    // The staff API's OpenAPI document names endpoints and shapes, never data: the reference page reads it signed out.
    this.staffSpecRoutes = this.httpApi.addRoutes({
      path: '/api/staff/openapi.json',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('StaffSpecIntegration', this.staffApi.fn),
    });
    // The JWT is checked here and again in the staff function (which also reads the groups claim).
    const authorizer = new HttpJwtAuthorizer('StaffJwt', auth.issuer, { jwtAudience: [auth.audience] });
    this.httpApi.addRoutes({
      path: '/api/staff/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('StaffIntegration', this.staffApi.fn),
      authorizer,
    });

    this.domainName = Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));
  }
}
