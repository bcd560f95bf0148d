// Bot Framework authentication for the Teams channel. Inbound: every POST /api/messages carries a
// JWT that botbuilder validates (issuer, audience = our app id, signing key from the Bot Framework
// OpenID metadata, serviceUrl claim). Outbound: replies and nudges get a token for our app
// registration. `endpoints` points both at other hosts (tests run a local OpenID endpoint).
import {
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';

export type CredentialsFactory = NonNullable<
  ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]
>;

export interface BotFrameworkEndpoints {
  /** Where the channel's signing keys are published (OpenID configuration document). */
  openIdMetadataUrl: string;
  tokenIssuer?: string;
  loginUrl?: string;
  oauthScope?: string;
}

export interface AuthOptions {
  appId: string;
  appPassword: string;
  /** Set for a single-tenant app registration (the kind Azure creates for new bots). */
  tenantId?: string | undefined;
  endpoints?: BotFrameworkEndpoints | undefined;
  /** Replaces the password-based outbound credentials (tests; managed identities). */
  credentialsFactory?: CredentialsFactory | undefined;
}

// Public-cloud values, used with `endpoints` for whatever it leaves out.
const PUBLIC = {
  tokenIssuer: 'https://api.botframework.com',
  loginUrl: 'https://login.microsoftonline.com/botframework.com',
  oauthScope: 'https://api.botframework.com',
  oauthUrl: 'https://api.botframework.com',
  emulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  callerId: 'urn:botframework:azure',
};

export function createAuthentication(options: AuthOptions): ConfigurationBotFrameworkAuthentication {
  const settings: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: options.appId,
    MicrosoftAppPassword: options.appPassword,
    MicrosoftAppType: options.tenantId ? 'SingleTenant' : 'MultiTenant',
    ...(options.tenantId ? { MicrosoftAppTenantId: options.tenantId } : {}),
  };
  const e = options.endpoints;
  if (e) {
    // Setting any endpoint makes botbuilder expect all of them (ParameterizedBotFrameworkAuthentication).
    Object.assign(settings, {
      ToBotFromChannelOpenIdMetadataUrl: e.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: e.tokenIssuer ?? PUBLIC.tokenIssuer,
      ToChannelFromBotLoginUrl: e.loginUrl ?? PUBLIC.loginUrl,
      ToChannelFromBotOAuthScope: e.oauthScope ?? PUBLIC.oauthScope,
      OAuthUrl: PUBLIC.oauthUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: PUBLIC.emulatorOpenIdMetadataUrl,
      CallerId: PUBLIC.callerId,
      ValidateAuthority: true,
    });
  }
  return new ConfigurationBotFrameworkAuthentication(settings, options.credentialsFactory);
}
