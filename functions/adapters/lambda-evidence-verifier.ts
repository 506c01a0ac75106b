import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { EvidenceVerifier } from '../core/ports';
import { DomainError, type EvidenceRecord } from '../core/report';

// On AWS the public API may not read evidence, so it asks the evidence function (which may) to check an upload.

export type VerifyRequest = { trackingCode: string; evidenceId: string };
export type VerifyResponse =
  | { evidence: EvidenceRecord }
  | { error: { status: DomainError['status']; code: string; message: string; field?: string } };

export class LambdaEvidenceVerifier implements EvidenceVerifier {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  async verify(trackingCode: string, evidenceId: string): Promise<EvidenceRecord> {
    const request: VerifyRequest = { trackingCode, evidenceId };
    const result = await this.client.send(
      new InvokeCommand({ FunctionName: this.functionName, Payload: new TextEncoder().encode(JSON.stringify(request)) }),
    );
    if (result.FunctionError) throw new Error(`evidence check failed: ${result.FunctionError}`);
    const response = JSON.parse(new TextDecoder().decode(result.Payload)) as VerifyResponse;
    if ('error' in response) throw new DomainError(response.error.status, response.error.code, response.error.message, response.error.field);
    return response.evidence;
  }
}
