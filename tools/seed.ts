/**
 * npm run seed -- -t URL --leads 100 --customers 50 --projects 75 --clear-first
 * npm run seed -- -t URL --clean
 *
 * Fills any CRM through its API, like the guide's seed_data.py, and removes
 * test data again. Everything it creates, and every lead a load run creates,
 * has an e-mail in the test domain (LOADTEST_EMAIL_DOMAIN, default
 * crm-loadtest.test); --clean and --clear-first remove exactly that, never
 * real records.
 */
import { parseArgs } from 'node:util';
import { faker } from '@faker-js/faker/locale/en_US';
import { mulberry32, seedFrom } from '../core/random';
import { seedCustomerPayload, seedLeadPayload, seedProjectPayload } from '../processors/seed-payloads';
import { isTestEmail, testEmailDomain } from '../core/test-data-domain';
import { findCreatedId, itemId, type RecordId } from '../core/response-shape';
import { CrmClient, CrmRequestError, inParallel } from './crm-client';
import { BadInputError, defaultTarget, exitWith, nonNegativeInteger, TOOL_EXIT } from './tool-cli';

export interface SeedCounts {
  leads: number;
  customers: number;
  projects: number;
}

export interface SeedOptions extends SeedCounts {
  seed: number;
  concurrency: number;
  emailDomain: string;
}

/** A listed record's own id (an item of a list answer). */
function listedId(record: unknown): RecordId {
  const id = itemId(record);
  if (id === undefined)
    throw new CrmRequestError(`a listed record has no id: ${JSON.stringify(record)?.slice(0, 200)}`);
  return id;
}

/** The new record's id from a creation's answer, wherever this CRM puts it (response-shape.ts). */
function createdId(client: CrmClient, body: unknown, resource: string): RecordId {
  const id = findCreatedId(body, resource, client.shape);
  if (id === undefined) {
    const shown = JSON.stringify(body)?.slice(0, 200);
    throw new CrmRequestError(
      `POST /api/${resource}s answered without an id where one was looked for (set LOADTEST_ID_PATH): ${shown}`,
    );
  }
  return id;
}

/** Deletes every lead and customer (with its projects) whose e-mail is in the test domain. */
export async function cleanTestData(client: CrmClient, emailDomain: string, concurrency = 8): Promise<SeedCounts> {
  const removed: SeedCounts = { leads: 0, customers: 0, projects: 0 };
  const deleteIfPresent = async (path: string) => {
    const response = await client.request('DELETE', path);
    if (response.status === 404) return false; // already gone: someone else cleaned it
    if (response.status >= 300) throw new CrmRequestError(`DELETE ${path} answered ${response.status}`);
    return true;
  };
  const leads = (await client.listAll('/api/leads')).filter((lead) => isTestEmail(lead.email, emailDomain));
  await inParallel(leads, concurrency, async (lead) => {
    if (await deleteIfPresent(`/api/leads/${listedId(lead)}`)) removed.leads++;
  });
  const customers = (await client.listAll('/api/customers')).filter((c) => isTestEmail(c.email, emailDomain));
  await inParallel(customers, concurrency, async (customer) => {
    const projects = client.listItems(
      await client.expectOk('GET', `/api/customers/${listedId(customer)}/projects`),
      'projects',
    );
    for (const project of projects) {
      if (await deleteIfPresent(`/api/projects/${listedId(project)}`)) removed.projects++;
    }
    if (await deleteIfPresent(`/api/customers/${listedId(customer)}`)) removed.customers++;
  });
  return removed;
}

/** Creates customers, then projects of those customers, then leads (main has checked that projects have customers). */
export async function seedCrm(client: CrmClient, options: SeedOptions): Promise<SeedCounts> {
  const rng = mulberry32(seedFrom('seed', options.seed));
  faker.seed(options.seed);
  const runTag = `s${options.seed}-${Date.now().toString(36)}`;
  const customers = await inParallel(Array.from({ length: options.customers }), options.concurrency, async (_, i) => {
    const payload = seedCustomerPayload(faker, rng, `${runTag}-c${i}`, options.emailDomain);
    const created = await client.expectOk('POST', '/api/customers', payload);
    return { id: createdId(client, created, 'customer'), name: `${payload.first_name} ${payload.last_name}` };
  });
  await inParallel(Array.from({ length: options.projects }), options.concurrency, async (_, i) => {
    const owner = customers[i % customers.length] as { id: string | number; name: string };
    await client.expectOk('POST', '/api/projects', seedProjectPayload(rng, owner.id, owner.name, new Date()));
  });
  await inParallel(Array.from({ length: options.leads }), options.concurrency, async (_, i) => {
    await client.expectOk('POST', '/api/leads', seedLeadPayload(faker, rng, `${runTag}-l${i}`, options.emailDomain));
  });
  return { leads: options.leads, customers: options.customers, projects: options.projects };
}

/** A malformed LOADTEST_ID_PATH / LOADTEST_LIST_PATH is bad input (exit 4), found before any request. */
function clientOrBadInput(target: string): CrmClient {
  try {
    return new CrmClient(target);
  } catch (error) {
    throw new BadInputError((error as Error).message);
  }
}

const USAGE =
  'usage: npm run seed -- [-t URL] [--leads N] [--customers N] [--projects N] ' +
  `[--clear-first | --clean] [--seed N]

  -t, --target URL   the CRM (default: CRM_TARGET or http://localhost:8000)
  --leads N          leads to create (default 100)
  --customers N      customers to create (default 50)
  --projects N       projects to create, spread over the new customers (default 75)
  --clear-first      remove test-domain data first, then seed
  --clean            only remove test-domain data (seeded, and leads load runs created)
  --seed N           seed of the generated data (default 42)
  --concurrency N    requests in flight (default 8)`;

/** "N leads, N customers, N projects", as the seed and clean summaries print it. */
const tally = (c: SeedCounts) => `${c.leads} leads, ${c.customers} customers, ${c.projects} projects`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      target: { type: 'string', short: 't' },
      leads: { type: 'string', default: '100' },
      customers: { type: 'string', default: '50' },
      projects: { type: 'string', default: '75' },
      'clear-first': { type: 'boolean', default: false },
      clean: { type: 'boolean', default: false },
      seed: { type: 'string', default: '42' },
      concurrency: { type: 'string', default: '8' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return TOOL_EXIT.ok;
  }
  const target = values.target ?? defaultTarget();
  const client = clientOrBadInput(target);
  const emailDomain = testEmailDomain();
  // Every argument is checked before the first request.
  const options: SeedOptions = {
    leads: nonNegativeInteger('--leads', values.leads),
    customers: nonNegativeInteger('--customers', values.customers),
    projects: nonNegativeInteger('--projects', values.projects),
    seed: nonNegativeInteger('--seed', values.seed),
    concurrency: Math.max(1, nonNegativeInteger('--concurrency', values.concurrency)),
    emailDomain,
  };
  if (options.projects > 0 && options.customers === 0)
    throw new BadInputError('--projects needs --customers above 0 (projects belong to customers)');
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

  const health = await client.request('GET', '/health');
  if (health.status >= 400)
    throw new CrmRequestError(`GET ${target}/health answered ${health.status}: the CRM is not healthy`);

  if (values.clean || values['clear-first']) {
    const removed = await cleanTestData(client, emailDomain);
    console.log(`removed test data (@*${emailDomain}) from ${target}: ${tally(removed)} (${elapsed()})`);
    if (values.clean) return TOOL_EXIT.ok;
  }
  const counts = await seedCrm(client, options);
  console.log(`seeded ${target}: ${tally(counts)} (${elapsed()})`);
  return TOOL_EXIT.ok;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code), exitWith(USAGE));
}
