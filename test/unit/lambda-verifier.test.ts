import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { LambdaEvidenceVerifier } from '../../functions/adapters/lambda-evidence-verifier';
import { DomainError } from '../../functions/core/report';

const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)) as never;

describe('the public API’s call to the evidence checker', () => {
  it('sends the code and id and returns the checked evidence', async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({ Payload: payload({ evidence: { evidenceId: 'e1', status: 'accepted' } }) });
    const evidence = await new LambdaEvidenceVerifier(new LambdaClient({ region: 'cn-northwest-1' }), 'checker').verify('AAAA-BBBB-CCCC', 'e1');
    expect(evidence).toMatchObject({ status: 'accepted' });
    const sent = JSON.parse(new TextDecoder().decode(lambda.commandCalls(InvokeCommand)[0]!.args[0].input.Payload as Uint8Array));
    expect(sent).toEqual({ trackingCode: 'AAAA-BBBB-CCCC', evidenceId: 'e1' });
    lambda.restore();
  });

  it('turns the checker’s refusal back into the same Chinese error', async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({ Payload: payload({ error: { status: 409, code: 'not_uploaded', message: '文件还没有上传完成，请等上传结束后再提交', field: 'file' } }) });
    const verify = new LambdaEvidenceVerifier(new LambdaClient({ region: 'cn-northwest-1' }), 'checker').verify('AAAA-BBBB-CCCC', 'e1');
    await expect(verify).rejects.toBeInstanceOf(DomainError);
    await expect(verify).rejects.toMatchObject({ status: 409, code: 'not_uploaded' });
    lambda.restore();
  });

  it('fails loudly when the checker itself crashed', async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({ FunctionError: 'Unhandled', Payload: payload({ errorMessage: 'boom' }) });
    await expect(new LambdaEvidenceVerifier(new LambdaClient({ region: 'cn-northwest-1' }), 'checker').verify('A', 'e')).rejects.toThrow('evidence check failed: Unhandled');
    lambda.restore();
  });
});
