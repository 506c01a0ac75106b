import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { DISTRICT_IDS } from '../../functions/core/ids';
import type { AuthConfig } from '../config';

/** One group per authority plus `admin`. Cognito group names allow any letter, number, symbol or punctuation
 * (pattern [\p{L}\p{M}\p{S}\p{N}\p{P}]+, 1–128 chars), so `district:minhang` is used as is: no mapping. */
export const AUTHORITY_GROUPS: readonly string[] = ['municipal', ...DISTRICT_IDS.map((d) => `district:${d}`), 'admin'];

export interface AuthProps {
  readonly config: AuthConfig;
  /** The site's origin when it is a literal (custom domain); used for the sign-in redirect. */
  readonly siteOrigin?: string;
}

/** Who staff are: a Cognito user pool with MFA required, or an external OIDC issuer. */
export class Auth extends Construct {
  readonly issuer: string;
  readonly audience: string;
  readonly groupsClaim: string;
  readonly userPool?: UserPool;
  readonly client?: UserPoolClient;
  readonly domain?: UserPoolDomain;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    const { config } = props;
    if (config.kind === 'oidc') {
      this.issuer = config.issuer;
      this.audience = config.audience;
      this.groupsClaim = config.groupsClaim ?? 'groups';
      return;
    }

    this.userPool = new UserPool(this, 'Staff', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    AUTHORITY_GROUPS.forEach((name, i) => {
      new CfnUserPoolGroup(this, `Group${i}`, {
        userPoolId: this.userPool!.userPoolId,
        groupName: name,
        description: name === 'admin' ? 'Administrators: manage users and groups' : `Staff of authority ${name}`,
        precedence: name === 'admin' ? 0 : 10,
      });
    });

    // Without a custom domain the CloudFront name is unknown here (referring to it would be a cycle):
    // the README shows how to add it to the client after the first deploy.
    const origin = props.siteOrigin ?? 'http://localhost:4321';
    const paths = config.callbackPaths ?? ['/staff/', '/staff/callback/'];
    this.client = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: paths.map((p) => `${origin}${p}`),
        // Signing out of the console comes back to its sign-in screen.
        logoutUrls: [`${origin}/`, `${origin}/staff/`],
      },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    if (config.domainPrefix) {
      this.domain = this.userPool.addDomain('Hosted', { cognitoDomain: { domainPrefix: config.domainPrefix } });
    }
    this.issuer = this.userPool.userPoolProviderUrl;
    this.audience = this.client.userPoolClientId;
    this.groupsClaim = 'cognito:groups';
  }
}
