import * as z from 'zod';
import { CHANNELS, DESK_CHANNELS } from './report';
import { FEEDBACK_RATINGS, STATUSES } from '../report';

// The answers the APIs give, as zod schemas: they describe the responses in the OpenAPI document
// (functions/api/openapi.ts) and the tests parse real answers with them, so that neither can drift from the code.
// Requests are described by the schemas that validate them (schemas/report.ts, schemas/evidence.ts, …).

const at = z.string().describe('ISO 8601 时间');

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string().describe('中文，说明怎样改正'),
      field: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

export const receiptResponse = z
  .object({
    trackingCode: z.string(),
    secret: z.string().describe('只在这一次回答里出现'),
    authority: z.string(),
    authorityName: z.string(),
  })
  .loose()
  .meta({ id: 'Receipt' });

const putUpload = z.object({ method: z.literal('PUT'), url: z.string(), headers: z.record(z.string(), z.string()), expiresAt: at });
const multipartUpload = z.object({
  method: z.literal('MULTIPART'),
  partSize: z.number().int(),
  parts: z.array(z.object({ partNumber: z.number().int(), url: z.string() })),
  stored: z.array(z.object({ partNumber: z.number().int(), etag: z.string(), size: z.number().int() })).optional(),
  expiresAt: at,
});
export const uploadInstructions = z.discriminatedUnion('method', [putUpload, multipartUpload]).meta({ id: 'UploadInstructions' });

export const evidenceUploadResponse = z.object({ evidenceId: z.string(), upload: uploadInstructions }).loose().meta({ id: 'EvidenceUpload' });

export const evidenceCompleteResponse = z
  .object({
    evidenceId: z.string(),
    status: z.enum(['accepted', 'rejected', 'pending']),
    size: z.number().int(),
    contentType: z.string(),
    sha256: z.string(),
    capturedAt: at.optional(),
  })
  .meta({ id: 'EvidenceAccepted' });

/** Where an upload stands (GET …/evidence/{evidenceId}), by its status. */
export const evidenceStatusResponse = z
  .discriminatedUnion('status', [
    z.object({ evidenceId: z.string(), status: z.literal('uploading'), storedParts: z.number().int(), storedBytes: z.number().int(), size: z.number().int() }).loose(),
    z.object({ evidenceId: z.string(), status: z.literal('checking') }),
    evidenceCompleteResponse.extend({ status: z.literal('accepted') }),
    z.object({ evidenceId: z.string(), status: z.literal('rejected'), reason: z.string() }),
    z.object({ evidenceId: z.string(), status: z.literal('removed') }),
  ])
  .meta({ id: 'EvidenceStatus' });

export const evidenceCheckingResponse = z.object({ evidenceId: z.string(), status: z.literal('checking') }).meta({ id: 'EvidenceChecking' });
export const evidenceRemovedResponse = z.object({ evidenceId: z.string(), status: z.literal('removed') }).meta({ id: 'EvidenceRemoved' });

export const feedbackView = z
  .object({ rating: z.enum(FEEDBACK_RATINGS), ratingName: z.string(), reopened: z.boolean() })
  .meta({ id: 'FeedbackView' });

export const trackResponse = z
  .object({
    trackingCode: z.string(),
    status: z.enum(STATUSES),
    statusName: z.string(),
    authority: z.string(),
    authorityName: z.string(),
    receivedAt: at,
    outcome: z.string().nullable(),
    rules: z.array(z.object({ ruleId: z.string(), citation: z.string(), text: z.string(), consequence: z.string(), decided: z.boolean() })),
    procedure: z.object({ steps: z.array(z.object({ step: z.string(), text: z.string(), done: z.boolean() })) }).nullable(),
    timeline: z.array(z.object({ at, event: z.string() })),
    messages: z.array(z.object({ at, from: z.enum(['staff', 'reporter']), text: z.string() })),
    evidence: z.array(z.object({ evidenceId: z.string(), fileName: z.string(), status: z.string(), size: z.number() })),
    canAddEvidence: z.boolean(),
    feedback: feedbackView.nullable(),
    canGiveFeedback: z.boolean().describe('办结后、尚未评价时为 true：可以回答一次回访'),
  })
  .loose()
  .meta({ id: 'TrackView' });

export const messageResponse = z.object({ at }).meta({ id: 'MessageSent' });
export const feedbackResponse = z.object({ reopened: z.boolean().describe('不满意且在办结后 15 个工作日内：重新核查') }).meta({ id: 'FeedbackGiven' });

export const publicationFeedResponse = z
  .object({
    version: z.literal('https://jsonfeed.org/version/1.1'),
    title: z.string(),
    home_page_url: z.string(),
    feed_url: z.string(),
    next_url: z.string().optional(),
    items: z.array(
      z
        .object({
          id: z.string(),
          url: z.string(),
          title: z.string(),
          content_text: z.string(),
          date_published: at,
          _publication: z
            .object({
              kind: z.enum(['termination', 'certificates']),
              title: z.string(),
              subject: z.string(),
              creditCode: z.string().optional(),
              certificates: z.array(z.object({ number: z.string(), occupation: z.string(), level: z.string(), holder: z.string() }).loose()).optional(),
              decidedOn: z.string(),
              docNo: z.string(),
              authorityName: z.string(),
              basis: z.array(z.string()),
              summary: z.string(),
            })
            .loose(),
        })
        .loose(),
    ),
  })
  .meta({ id: 'PublicationFeed' });

export const deskTicketView = z
  .object({
    trackingCode: z.string(),
    ticket: z.string().nullable(),
    authority: z.string(),
    authorityName: z.string(),
    status: z.enum(STATUSES),
    statusName: z.string(),
    receivedAt: at,
    returned: z.object({ reason: z.string(), at }).nullable(),
    timeline: z.array(z.object({ at, event: z.string() })),
  })
  .meta({ id: 'DeskTicketView' });

// ───────── staff ─────────

export const deskAccountView = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: at,
    createdBy: z.string(),
    revokedAt: at.optional(),
    revokedBy: z.string().optional(),
  })
  .meta({ id: 'DeskAccount' });

export const deskCreatedResponse = deskAccountView.extend({ key: z.string().describe('只显示这一次'), note: z.string() }).meta({ id: 'DeskCreated' });

const queueRow = z
  .object({
    trackingCode: z.string(),
    receivedAt: at,
    status: z.enum(STATUSES),
    subjectType: z.string(),
    institutionName: z.string().optional(),
    district: z.string().optional(),
    authority: z.string(),
    authorityName: z.string(),
    ruleIds: z.array(z.string()),
    tiers: z.array(z.string()),
    decided: z.boolean(),
    assignee: z.string().optional(),
    excerpt: z.string(),
    due: z.object({ next: z.string().nullable(), label: z.string().optional(), unavailable: z.string().optional() }),
    attention: z.object({ reporterReplied: z.boolean(), newEvidence: z.boolean() }),
    registryFlag: z.enum(['suspended', 'terminated']).optional(),
    institutionKey: z.string().optional(),
    search: z.string(),
    caseOf: z.string().optional(),
    duplicate: z.object({ of: z.string(), why: z.enum(['institution', 'text']) }).nullable(),
  })
  .meta({ id: 'QueueRow' });

export const queueResponse = z
  .object({
    items: z.array(queueRow),
    cursor: z.string().optional(),
    scanned: z.number().int(),
    bounded: z.boolean(),
    counts: z.record(z.string(), z.number()),
    overdue: z.number().int(),
  })
  .meta({ id: 'Queue' });

const suggestion = z
  .object({
    ruleId: z.string(),
    score: z.number(),
    subjectType: z.string(),
    matched: z.array(z.string()).optional(),
    matchedInstitutionName: z.array(z.string()).optional(),
    /** Matched words that were read from an image (OCR), not written by the reporter. */
    matchedFromImage: z.array(z.string()).optional(),
    text: z.string().optional(),
    lead: z.string().optional(),
    consequence: z.object({ tier: z.string(), summary: z.string(), institution: z.string().optional() }).optional(),
    article: z.number().optional(),
    clause: z.number().nullable().optional(),
    escalatedFrom: z
      .object({ ruleId: z.string(), because: z.array(z.object({ decision: z.string(), decidedOn: z.string(), docNo: z.string() })) })
      .optional(),
  })
  .meta({ id: 'Suggestion' });

const staffEvidence = z
  .object({
    evidenceId: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    kind: z.enum(['photo', 'video', 'document']),
    status: z.enum(['accepted', 'rejected', 'pending']),
    size: z.number().optional(),
    declaredSize: z.number().optional(),
    sha256: z.string().optional(),
    capturedAt: at.optional(),
    addedAt: at,
    addedBy: z.string(),
    rejectedReason: z.string().optional(),
    /** Photos: a display copy exists (upright, without EXIF/GPS/device data); it is what the page shows. */
    display: z.object({ contentType: z.string(), width: z.number(), height: z.number() }).optional(),
    /** Photos: the text read from the image (offline OCR), once it has been read. */
    imageText: z.object({ readAt: at, lines: z.array(z.object({ text: z.string(), confidence: z.number() })) }).optional(),
  })
  .loose()
  .meta({ id: 'StaffEvidence' });

const byWhom = { by: z.string(), at };

export const staffReportResponse = z
  .object({
    trackingCode: z.string(),
    version: z.number().int(),
    receivedAt: at,
    status: z.enum(STATUSES),
    statusName: z.string(),
    nextStatuses: z.array(z.enum(STATUSES)),
    route: z.object({ authority: z.string(), reason: z.string() }).loose(),
    authorityName: z.string(),
    subjectType: z.string(),
    institutionName: z.string().optional(),
    district: z.string().optional(),
    occupation: z.string().optional(),
    level: z.string().optional(),
    incidentDate: z.string().optional(),
    channel: z.enum([...CHANNELS, ...DESK_CHANNELS]),
    sourceUrl: z.string().optional(),
    description: z.string(),
    anonymous: z.boolean(),
    contact: z.object({ name: z.string(), phone: z.string().optional(), email: z.string().optional() }).optional(),
    /** Given, but shown only to the contact-access group. */
    contactWithheld: z.literal(true).optional(),
    triage: z
      .object({
        inScope: z.boolean().optional(),
        ruleSet: z.string().optional(),
        engineVersion: z.string().optional(),
        referrals: z.array(z.object({ to: z.string(), reason: z.string() })).optional(),
        registry: z
          .object({ name: z.string(), status: z.string(), matchedBy: z.string().optional(), flags: z.array(z.object({ code: z.string(), message: z.string() })) })
          .optional(),
        note: z.string().optional(),
      })
      .loose()
      .nullable(),
    suggestions: z.array(suggestion),
    decision: z.object({ ruleIds: z.array(z.string()), reason: z.string().optional(), ...byWhom }).optional(),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
    referrals: z.array(z.object({ to: z.string(), reason: z.string(), ...byWhom })).optional(),
    procedureStarted: z.boolean(),
    extension: z.object({ reason: z.string(), ...byWhom }).optional(),
    outcome: z.string().optional(),
    source: z.object({ desk: z.string(), deskName: z.string(), ticket: z.string().optional() }).optional().describe('热线坐席派来的工单'),
    deskReturn: z.object({ reason: z.string(), ...byWhom }).optional().describe('退单'),
    feedback: z
      .object({ rating: z.enum(FEEDBACK_RATINGS), reason: z.string().optional(), at, reopened: z.boolean() })
      .optional()
      .describe('回访'),
    evidence: z.array(staffEvidence),
    events: z.array(z.object({ at, type: z.string(), actor: z.string(), public: z.boolean(), text: z.string(), data: z.record(z.string(), z.unknown()).optional() })),
    messages: z.array(z.object({ at, from: z.enum(['staff', 'reporter']), text: z.string(), author: z.string().optional() })),
    related: z.array(z.object({ trackingCode: z.string(), receivedAt: at, status: z.string(), excerpt: z.string() }).loose()),
    deadlines: z.object({
      deadlines: z.array(z.object({ kind: z.string(), label: z.string(), due: z.string(), met: z.boolean(), overdue: z.boolean(), workingDaysLeft: z.number() }).loose()),
      next: z.object({ due: z.string().nullable(), overdue: z.boolean() }),
      unavailable: z.string().optional(),
    }),
  })
  .loose()
  .meta({ id: 'StaffReport' });
