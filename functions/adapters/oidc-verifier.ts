import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { CONTACT_ACCESS_GROUP } from '../core/exports';
import { authorityFromGroups, type StaffUser } from '../core/staff';

// Staff tokens: OIDC ID tokens verified against the issuer's JWKS (Cognito in production, any OIDC provider
// where Cognito is not offered, the local issuer under `npm start`). One path for all three.

export interface OidcConfig {
  issuer: string;
  /** The app client id the token must be issued for. */
  audience: string;
  /** Where the groups are: `cognito:groups` for Cognito. */
  groupsClaim: string;
  /** Accepts other `iss` values than `issuer` (the local issuer, reached at several addresses). Keys still come from `issuer`. */
  acceptIssuer?: (iss: string) => boolean;
}

export type TokenVerifier = (token: string) => Promise<StaffUser>;

export class InvalidToken extends Error {}

export function oidcTokenVerifier(config: OidcConfig, fetchImpl: typeof fetch = fetch): TokenVerifier {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const jwks = () =>
    (keys ??= fetchImpl(`${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)
      .then((res) => {
        if (!res.ok) throw new Error(`OIDC discovery answered ${res.status}`);
        return res.json() as Promise<{ jwks_uri: string }>;
      })
      .then(({ jwks_uri }) => createRemoteJWKSet(new URL(jwks_uri)))
      .catch((error) => {
        keys = undefined;
        throw error;
      }));

  return async (token) => {
    const getKey = await jwks();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        ...(config.acceptIssuer ? {} : { issuer: config.issuer }),
        audience: config.audience,
        algorithms: ['RS256', 'ES256'],
      }));
      if (config.acceptIssuer && !config.acceptIssuer(String(payload.iss))) throw new Error(`unexpected "iss" claim value: ${payload.iss}`);
    } catch (error) {
      throw new InvalidToken((error as Error).message);
    }
    const claim = payload[config.groupsClaim];
    const groups = Array.isArray(claim) ? claim.map(String) : typeof claim === 'string' ? claim.split(/[,\s]+/) : [];
    return {
      id: String(payload.sub),
      name: String(payload.name ?? payload.email ?? payload['cognito:username'] ?? payload.sub),
      authority: authorityFromGroups(groups),
      admin: groups.includes('admin'),
      contactAccess: groups.includes(CONTACT_ACCESS_GROUP),
    };
  };
}
