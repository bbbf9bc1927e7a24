import type { EvidenceRecord } from '../domain/case/case-state';
import { canonicalJson, type EvidenceStore } from './case-evidence-store';

/** Looks at a domain from the outside (DNS answers, HTTP response): the live picture before any decision. The
 * monitoring capability's probes implement it; the shape of an observation is theirs, stored as JSON. */
export interface DomainObserver {
  observe(domain: string): Promise<Record<string, unknown>>;
}

/** Input of `observeDomains`. `observedAt` comes from the workflow so the evidence label is replay-stable. */
export interface ObserveDomainsInput {
  idempotencyKey: string;
  caseId: string;
  caseRef: string;
  domains: string[];
  observedAt: string;
}

/** Stored observations (hashes only) and the domains that could not be observed (not fatal: evidence is
 * supplementary to the investigator's findings). */
export interface ObserveDomainsResult {
  evidence: EvidenceRecord[];
  failures: { domain: string; error: string }[];
}

/** Dependencies of the investigation activities. */
export interface InvestigationDeps {
  evidence: EvidenceStore;
  observer: DomainObserver;
}

/** Investigation activities: observe the domains live and keep what was seen, hashed, outside history. */
export function createInvestigationActivities({ evidence, observer }: InvestigationDeps) {
  return {
    /** Observes every domain; idempotent (content-addressed: a retry stores the same hash or a newer one). */
    async observeDomains(input: ObserveDomainsInput): Promise<ObserveDomainsResult> {
      const result: ObserveDomainsResult = { evidence: [], failures: [] };
      for (const domain of input.domains) {
        let observation: Record<string, unknown>;
        try {
          observation = await observer.observe(domain);
        } catch (err) {
          result.failures.push({ domain, error: err instanceof Error ? err.message : String(err) });
          continue;
        }
        // A storage failure is not the domain's fault: it throws, and the activity is retried.
        const content = Buffer.from(canonicalJson({ domain, caseId: input.caseId, observation }), 'utf8');
        const label = `observation ${domain} ${input.observedAt}`;
        const stored = await evidence.put({ caseRef: input.caseRef, label, mediaType: 'application/json', content });
        result.evidence.push({ sha256: stored.sha256, label, storedAt: new Date().toISOString() });
      }
      return result;
    },
  };
}

/** The investigation activities as workflows see them. */
export type InvestigationActivities = ReturnType<typeof createInvestigationActivities>;
