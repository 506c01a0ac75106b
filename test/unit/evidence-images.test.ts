import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { inProcessTextReading, invokedTextReading } from '../../functions/adapters/evidence-images';

// What the checker does once a photo is accepted: on AWS an asynchronous call of the text reader, on the local stack
// the reader's code in this process after the answer. Either way the accepted evidence stands if reading fails.

describe('starting the text reader', () => {
  it('invokes it asynchronously (Event) with the code and id', async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await invokedTextReading(async () => new LambdaClient({ region: 'cn-northwest-1' }), 'text-reader').accepted!('AAAA-BBBB-CCCC', 'e1');
    const input = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ FunctionName: 'text-reader', InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toEqual({ trackingCode: 'AAAA-BBBB-CCCC', evidenceId: 'e1' });
    lambda.restore();
  });

  it('does not fail the check when the call fails', async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).rejects(new Error('throttled'));
    await expect(invokedTextReading(async () => new LambdaClient({ region: 'cn-northwest-1' }), 'text-reader').accepted!('A', 'e')).resolves.toBeUndefined();
    lambda.restore();
  });

  it('in process: answers at once, reads after, and idle() waits for the reads (a failed one included)', async () => {
    const done: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const reading = inProcessTextReading(async (_code, id) => {
      await gate;
      if (id === 'bad') throw new Error('unreadable');
      done.push(id);
    });
    await reading.images.accepted!('A', 'e1');
    await reading.images.accepted!('A', 'bad');
    expect(done).toEqual([]);
    release();
    await reading.idle();
    expect(done).toEqual(['e1']);
  });
});
