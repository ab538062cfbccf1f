/**
 * In-memory CRM state. Maps keyed by id keep lookups O(1); because ids only ever grow and
 * updates mutate in place, Map iteration order is ascending id order, which is the order
 * list endpoints promise, so listing never needs a sort.
 */
import type { Appointment, Customer, Interaction, Lead, Project, SeedData } from './types';
import type { AppointmentInput, CustomerInput, InteractionInput, LeadInput, ProjectInput } from './validation';

export type WriteResult<T> =
  | { kind: 'ok'; record: T }
  | { kind: 'not-found' }
  | { kind: 'conflict'; field: string }
  | { kind: 'invalid'; field: string; problem: string };

/**
 * Append-only logs (interactions, appointments) keep only this many recent entries so a 30-minute soak cannot grow
 * memory without bound.
 */
export const MAX_LOG_ENTRIES = 10_000;

const DEFAULT_ASSIGNEE = 'Unassigned';

function nextId(records: Iterable<{ id: number }>): number {
  let max = 0;
  for (const record of records) max = Math.max(max, record.id);
  return max + 1;
}

function appendBounded<T>(log: T[], entry: T): void {
  log.push(entry);
  // Trim in chunks rather than shift() per insert: amortised O(1).
  if (log.length > MAX_LOG_ENTRIES * 1.1) log.splice(0, log.length - MAX_LOG_ENTRIES);
}

export class Store {
  readonly leads = new Map<number, Lead>();
  readonly customers = new Map<number, Customer>();
  readonly projects = new Map<number, Project>();
  readonly interactions: Interaction[] = [];
  readonly appointments: Appointment[] = [];
  private readonly leadIdByEmail = new Map<string, number>();
  private readonly customerIdByEmail = new Map<string, number>();
  private nextLeadId: number;
  private nextCustomerId: number;
  private nextProjectId: number;
  private nextInteractionId: number;
  private nextAppointmentId = 1;

  constructor(seed: SeedData) {
    for (const lead of seed.leads) {
      this.leads.set(lead.id, lead);
      this.leadIdByEmail.set(lead.email, lead.id);
    }
    for (const customer of seed.customers) {
      this.customers.set(customer.id, customer);
      this.customerIdByEmail.set(customer.email, customer.id);
    }
    for (const project of seed.projects) this.projects.set(project.id, project);
    this.interactions.push(...seed.interactions);
    this.nextLeadId = nextId(seed.leads);
    this.nextCustomerId = nextId(seed.customers);
    this.nextProjectId = nextId(seed.projects);
    this.nextInteractionId = nextId(seed.interactions);
  }

  createLead(input: LeadInput, nowIso: string): WriteResult<Lead> {
    const email = input.email ?? '';
    if (this.leadIdByEmail.has(email)) return { kind: 'conflict', field: 'email' };
    const lead: Lead = {
      id: this.nextLeadId++,
      first_name: input.first_name ?? '',
      last_name: input.last_name ?? '',
      email,
      phone: input.phone ?? '',
      source: input.source ?? '',
      city: input.city ?? '',
      state: input.state ?? 'MI',
      zip_code: input.zip_code ?? '',
      status: input.status ?? 'new',
      notes: input.notes ?? '',
      assigned_to: DEFAULT_ASSIGNEE,
      estimated_value: 0,
      created_at: nowIso,
      updated_at: nowIso,
    };
    this.leads.set(lead.id, lead);
    this.leadIdByEmail.set(email, lead.id);
    return { kind: 'ok', record: lead };
  }

  updateLead(id: number, input: LeadInput, nowIso: string): WriteResult<Lead> {
    const lead = this.leads.get(id);
    if (lead === undefined) return { kind: 'not-found' };
    if (input.email !== undefined && input.email !== lead.email) {
      if (this.leadIdByEmail.has(input.email)) return { kind: 'conflict', field: 'email' };
      this.leadIdByEmail.delete(lead.email);
      this.leadIdByEmail.set(input.email, id);
    }
    for (const [field, value] of Object.entries(input)) {
      if (value !== undefined) (lead as unknown as Record<string, unknown>)[field] = value;
    }
    lead.updated_at = nowIso;
    return { kind: 'ok', record: lead };
  }

  deleteLead(id: number): boolean {
    const lead = this.leads.get(id);
    if (lead === undefined) return false;
    this.leads.delete(id);
    this.leadIdByEmail.delete(lead.email);
    return true;
  }

  createCustomer(input: CustomerInput, nowIso: string): WriteResult<Customer> {
    if (this.customerIdByEmail.has(input.email)) return { kind: 'conflict', field: 'email' };
    const customer: Customer = { id: this.nextCustomerId++, ...input, created_at: nowIso };
    this.customers.set(customer.id, customer);
    this.customerIdByEmail.set(customer.email, customer.id);
    return { kind: 'ok', record: customer };
  }

  /** Deleting a customer removes its projects too (the CRM's foreign key cascades). */
  deleteCustomer(id: number): { deleted: boolean; projectsDeleted: number } {
    const customer = this.customers.get(id);
    if (customer === undefined) return { deleted: false, projectsDeleted: 0 };
    this.customers.delete(id);
    this.customerIdByEmail.delete(customer.email);
    let projectsDeleted = 0;
    for (const project of this.projects.values()) {
      if (project.customer_id === id) {
        this.projects.delete(project.id);
        projectsDeleted += 1;
      }
    }
    return { deleted: true, projectsDeleted };
  }

  projectsOf(customerId: number): Project[] {
    return [...this.projects.values()].filter((project) => project.customer_id === customerId);
  }

  createProject(input: ProjectInput, nowIso: string): WriteResult<Project> {
    if (!this.customers.has(input.customer_id)) {
      return { kind: 'invalid', field: 'customer_id', problem: 'must be the id of an existing customer' };
    }
    const project: Project = {
      id: this.nextProjectId++,
      customer_id: input.customer_id,
      name: input.name,
      status: input.status,
      value: input.value,
      start_date: input.start_date ?? nowIso.slice(0, 10),
      created_at: nowIso,
    };
    this.projects.set(project.id, project);
    return { kind: 'ok', record: project };
  }

  deleteProject(id: number): boolean {
    return this.projects.delete(id);
  }

  addInteraction(input: InteractionInput, nowIso: string): Interaction {
    const interaction: Interaction = { id: this.nextInteractionId++, ...input, created_at: nowIso };
    appendBounded(this.interactions, interaction);
    return interaction;
  }

  /** Newest first, as the CRM's "recent interactions" panel shows them. */
  recentInteractions(limit: number): Interaction[] {
    return this.interactions.slice(-limit).reverse();
  }

  addAppointment(input: AppointmentInput, nowIso: string): Appointment {
    const appointment: Appointment = { id: this.nextAppointmentId++, ...input, created_at: nowIso };
    appendBounded(this.appointments, appointment);
    return appointment;
  }
}
