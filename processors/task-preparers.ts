/**
 * What a task needs before its first request: query strings, bodies, and the
 * decision whether a request runs at all (a user reads its own lead, or lists
 * leads first when it has none; it deletes only while it holds more than 5).
 * pickTask runs the preparer of the task it picked; tasks without one need
 * nothing. Keyed by task id: a test checks every key is a task of
 * core/user-types.ts.
 */
import type { Faker } from '@faker-js/faker';
import {
  customReportPayload,
  FUNNEL_DAYS,
  LEAD_SEARCH_TERMS,
  leadListQuery,
  leadUpdatePayload,
  newLeadPayload,
  projectListQuery,
  projectValueRange,
  REVENUE_PERIODS,
} from './payloads';
import { pickOne } from '../core/random';
import type { VirtualUser } from './virtual-user';

export interface PreparerInput {
  user: VirtualUser;
  vars: Record<string, unknown>;
  /** Faker, seeded from the user's own stream. */
  faker: () => Faker;
  /** Unique text for the next lead's e-mail (run id, user tag, counter). */
  nextLeadTag: () => string;
  emailDomain: string;
  now: Date;
}

type Preparer = (input: PreparerInput) => void;

const prepareNewLead: Preparer = ({ user, vars, faker, nextLeadTag, emailDomain }) => {
  vars.newLead = newLeadPayload(faker(), user.rng, nextLeadTag(), emailDomain);
};

/** One of the user's own leads, or none (then the flow lists leads first). */
const chooseOwnLead: Preparer = ({ user, vars }) => {
  const id = user.owned.pick(user.rng);
  vars.leadId = id;
  vars.leadReady = id !== undefined;
};

export const TASK_PREPARERS: Readonly<Record<string, Preparer>> = {
  list_leads: ({ user, vars }) => {
    vars.leadListQuery = leadListQuery(user.rng);
  },
  create_lead: prepareNewLead,
  view_lead: chooseOwnLead,
  update_lead: (input) => {
    chooseOwnLead(input);
    if (input.vars.leadReady) input.vars.leadUpdate = leadUpdatePayload(input.faker(), input.user.rng);
  },
  search_leads: ({ user, vars }) => {
    vars.searchTerm = encodeURIComponent(pickOne(user.rng, LEAD_SEARCH_TERMS));
  },
  delete_lead: ({ user, vars }) => {
    const id = user.owned.takeForDeletion(user.rng, 5);
    vars.leadId = id;
    vars.leadReady = id !== undefined;
  },
  list_projects: ({ user, vars }) => {
    vars.projectListQuery = projectListQuery(user.rng);
  },
  filter_projects_by_value: ({ user, vars }) => {
    Object.assign(vars, projectValueRange(user.rng));
  },
  conversion_funnel: ({ user, vars }) => {
    vars.funnelDays = pickOne(user.rng, FUNNEL_DAYS);
  },
  revenue_trends: ({ user, vars }) => {
    vars.revenuePeriod = pickOne(user.rng, REVENUE_PERIODS);
  },
  custom_report: ({ user, vars, now }) => {
    vars.customReport = customReportPayload(user.rng, now);
  },
  morning_routine: (input) => {
    prepareNewLead(input);
    input.vars.leadUpdate = leadUpdatePayload(input.faker(), input.user.rng, 'contacted');
  },
  full_lead_workflow: prepareNewLead,
};
