/** /config.json: written by the stack on AWS, by `lifeline serve` locally. */
export interface SiteConfig {
  readonly auth: {
    /** The user pool's hosted UI, e.g. https://lifeline-console-123.auth.eu-west-1.amazoncognito.com */
    readonly domain: string;
    readonly clientId: string;
  } | null;
}
