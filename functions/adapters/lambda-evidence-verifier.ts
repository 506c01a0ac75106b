import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { EvidenceVerifier } from '../core/ports';
import { DomainError, type EvidenceRecord } from '../core/report';
import { correlationId } from './observability';

// On AWS the public API may not read evidence, so it asks the evidence function (which may) to check an upload.

/** The public API's request; its correlation id goes along, so the checker's log lines carry the same id. */
export type VerifyRequest = { trackingCode: string; evidenceId: string; correlationId?: string };
export type VerifyResponse =
  | { evidence: EvidenceRecord }
  | { error: { status: DomainError['status']; code: string; message: string; field?: string } };

export class LambdaEvidenceVerifier implements EvidenceVerifier {
  /** `client`: a client, or how to make one on first use (the Lambda client is loaded then, not at a cold start). */
  constructor(
    private readonly client: LambdaClient | (() => Promise<LambdaClient>),
    private readonly functionName: string,
  ) {}

  async verify(trackingCode: string, evidenceId: string): Promise<EvidenceRecord> {
    const id = correlationId();
    const request: VerifyRequest = { trackingCode, evidenceId, ...(id ? { correlationId: id } : {}) };
    const [client, { InvokeCommand }] = await Promise.all([typeof this.client === 'function' ? this.client() : this.client, import('@aws-sdk/client-lambda')]);
    const result = await client.send(
      new InvokeCommand({ FunctionName: this.functionName, Payload: new TextEncoder().encode(JSON.stringify(request)) }),
    );
    if (result.FunctionError) throw new Error(`evidence check failed: ${result.FunctionError}`);
    const response = JSON.parse(new TextDecoder().decode(result.Payload)) as VerifyResponse;
    if ('error' in response) throw new DomainError(response.error.status, response.error.code, response.error.message, response.error.field);
    return response.evidence;
  }
}
