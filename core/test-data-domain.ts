/**
 * Where test data lives. Every e-mail address the pack creates ends with the
 * test domain, so test data can be told from real data and removed
 * (`npm run seed -- --clean`). `.test` is reserved (RFC 2606): mail to it
 * can never reach anyone.
 */
export const DEFAULT_TEST_EMAIL_DOMAIN = 'crm-loadtest.test';

/** Leads created by virtual users during a load run. */
export const LOAD_RUN_SUBDOMAIN = 'vu';
/** Leads, customers and projects created by the seed script. */
export const SEED_SUBDOMAIN = 'seed';

export function testEmailDomain(env: NodeJS.ProcessEnv = process.env): string {
  const domain = (env.LOADTEST_EMAIL_DOMAIN ?? DEFAULT_TEST_EMAIL_DOMAIN).trim().toLowerCase();
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) {
    throw new Error(
      `LOADTEST_EMAIL_DOMAIN must be a domain name like "${DEFAULT_TEST_EMAIL_DOMAIN}" (got "${domain}")`,
    );
  }
  return domain;
}

/** True for any address in the test domain (seeded or created by a load run). */
export function isTestEmail(email: unknown, domain = testEmailDomain()): boolean {
  return (
    typeof email === 'string' &&
    (email.toLowerCase().endsWith(`@${domain}`) || email.toLowerCase().endsWith(`.${domain}`))
  );
}

/** True for an address a virtual user created: such a lead may be deleted by its owner at any moment. */
export function isLoadRunEmail(email: unknown, domain = testEmailDomain()): boolean {
  return typeof email === 'string' && email.toLowerCase().endsWith(`@${LOAD_RUN_SUBDOMAIN}.${domain}`);
}

/** A safe local part: lower-case ASCII letters, digits, dots and dashes. */
export function emailLocalPart(...parts: string[]): string {
  return parts
    .map((p) =>
      p
        .normalize('NFKD')
        .replace(/[^\x20-\x7e]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, ''),
    )
    .filter(Boolean)
    .join('.');
}
