import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The receipt HMAC key from Secrets Manager, fetched once per Lambda instance. */
export function receiptKeyFromSecret(secretArn: string, client: SecretsManagerClient): () => Promise<Buffer> {
  let key: Promise<Buffer> | undefined;
  return () =>
    (key ??= client.send(new GetSecretValueCommand({ SecretId: secretArn })).then(({ SecretString }) => {
      if (!SecretString || SecretString.length < 32) throw new Error('receipt key secret is missing or too short');
      return Buffer.from(SecretString, 'utf8');
    }).catch((error) => {
      key = undefined; // try again on the next request
      throw error;
    }));
}
