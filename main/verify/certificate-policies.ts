/**
 * Certificate policy processing of RFC 5280 §6.1 for one candidate path, with the inputs
 * Sealdesk always uses: user-initial-policy-set = {anyPolicy}, initial-explicit-policy,
 * initial-policy-mapping-inhibit and initial-any-policy-inhibit all false.
 *
 * Owns: the valid_policy_tree (§6.1.2 (a)), explicit_policy, policy_mapping and
 * inhibit_anyPolicy, updated per certificate by certificatePolicies (§6.1.3 (d)-(f)),
 * policyMappings (§6.1.4 (a), (b)), policyConstraints (§6.1.4 (i)) and inhibitAnyPolicy
 * (§6.1.4 (j)), and the wrap-up (§6.1.5 (a), (b), (g)). With these inputs a path fails only
 * when some certificate requires an explicit policy (requireExplicitPolicy) and no policy is
 * valid all the way down, so a path without policy extensions always passes.
 * Must never: accept a path that §6.1 rejects because of these extensions, or read policy
 * qualifiers (§4.2.1.4: they are informational; user notices are not shown).
 *
 * Only the leaves of the tree matter here (the tree is non-NULL exactly when it has nodes at
 * the current depth, §6.1.3 (d)(3)), so they are kept as a map valid_policy ->
 * expected_policy_set.
 */
import type { ParsedCertificate } from './parsed-certificate';

/** anyPolicy (RFC 5280 §4.2.1.4). */
export const ANY_POLICY = '2.5.29.32.0';

export type PolicyOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

type Leaves = Map<string, Set<string>>;

/**
 * Processes the policies of `path` (target first, trust anchor last; the anchor is not part of
 * the §6.1 path, so certificate i of §6.1 is path[n - i]).
 */
export function processPolicies(path: readonly ParsedCertificate[]): PolicyOutcome {
  const certs = path.slice(0, -1).reverse(); // §6.1 order: 1 (issued by the anchor) .. n
  const n = certs.length;
  const label = (c: ParsedCertificate) => `certificate "${c.subject}"`;
  const fail = (reason: string): PolicyOutcome => ({ ok: false, reason });

  // §6.1.2 (a), (d), (e), (f)
  let leaves: Leaves | null = new Map([[ANY_POLICY, new Set([ANY_POLICY])]]);
  let explicitPolicy = n + 1;
  let inhibitAnyPolicy = n + 1;
  let policyMapping = n + 1;

  for (let i = 1; i <= n; i++) {
    const cert = certs[i - 1]!;
    const selfIssued = cert.isSelfIssued();
    const policies = cert.certificatePolicies();
    if (policies === null && cert.extension('2.5.29.32')?.critical)
      return fail(`${label(cert)} has an unreadable critical certificatePolicies extension`);

    // §6.1.3 (d): certificatePolicies present and the tree not NULL.
    if (policies && leaves) {
      const next: Leaves = new Map();
      const add = (p: string, expected: Iterable<string>) => {
        const set = next.get(p) ?? new Set<string>();
        for (const e of expected) set.add(e);
        next.set(p, set);
      };
      for (const p of policies) {
        if (p === ANY_POLICY) continue;
        // (d)(1)(i): children of every leaf expecting P; (ii): else of an anyPolicy leaf.
        const parents = [...leaves.values()].filter((expected) => expected.has(p));
        if (parents.length > 0 || leaves.has(ANY_POLICY)) add(p, [p]);
      }
      // (d)(2): anyPolicy in the certificate, not inhibited (or self-issued and not last).
      if (policies.includes(ANY_POLICY) && (inhibitAnyPolicy > 0 || (i < n && selfIssued))) {
        for (const expected of leaves.values()) {
          for (const e of expected) if (!next.has(e)) add(e, [e]);
        }
      }
      // (d)(3): leaves without children disappear; no new leaf means an empty tree.
      leaves = next.size > 0 ? next : null;
    } else {
      // §6.1.3 (e): no certificatePolicies extension (or an unreadable one) -> NULL tree.
      leaves = null;
    }
    // §6.1.3 (f)
    if (explicitPolicy <= 0 && leaves === null)
      return fail(
        `an explicit certificate policy is required, and no policy is valid down to ${label(cert)} (RFC 5280 §6.1.3 (f))`,
      );
    if (i === n) break;

    // §6.1.4 (a), (b): policy mappings.
    const mappings = cert.policyMappings();
    if (mappings === null) {
      if (cert.extension('2.5.29.33')?.critical)
        return fail(`${label(cert)} has an unreadable critical policyMappings extension`);
    } else if (mappings) {
      if (mappings.some((m) => m.issuerDomain === ANY_POLICY || m.subjectDomain === ANY_POLICY))
        return fail(`${label(cert)} maps anyPolicy (RFC 5280 §6.1.4 (a))`);
      if (leaves) {
        const byIssuer = new Map<string, Set<string>>();
        for (const m of mappings) {
          const set = byIssuer.get(m.issuerDomain) ?? new Set<string>();
          set.add(m.subjectDomain);
          byIssuer.set(m.issuerDomain, set);
        }
        for (const [idp, sdps] of byIssuer) {
          if (policyMapping > 0) {
            if (leaves.has(idp)) leaves.set(idp, new Set(sdps));
            else if (leaves.has(ANY_POLICY)) leaves.set(idp, new Set(sdps));
          } else {
            leaves.delete(idp);
          }
        }
        if (leaves.size === 0) leaves = null;
      }
    }

    // §6.1.4 (h): counters count down for certificates that are not self-issued.
    if (!selfIssued) {
      if (explicitPolicy > 0) explicitPolicy--;
      if (policyMapping > 0) policyMapping--;
      if (inhibitAnyPolicy > 0) inhibitAnyPolicy--;
    }
    // §6.1.4 (i): policyConstraints.
    const pc = cert.policyConstraints();
    if (pc === null) {
      if (cert.extension('2.5.29.36')?.critical)
        return fail(`${label(cert)} has an unreadable critical policyConstraints extension`);
    } else if (pc) {
      if (pc.requireExplicitPolicy !== undefined)
        explicitPolicy = Math.min(explicitPolicy, pc.requireExplicitPolicy);
      if (pc.inhibitPolicyMapping !== undefined)
        policyMapping = Math.min(policyMapping, pc.inhibitPolicyMapping);
    }
    // §6.1.4 (j): inhibitAnyPolicy.
    const iap = cert.inhibitAnyPolicy();
    if (iap === null) {
      if (cert.extension('2.5.29.54')?.critical)
        return fail(`${label(cert)} has an unreadable critical inhibitAnyPolicy extension`);
    } else if (iap !== undefined) {
      inhibitAnyPolicy = Math.min(inhibitAnyPolicy, iap);
    }
  }

  // §6.1.5 (a), (b): wrap-up with the target's own policyConstraints.
  const target = certs[n - 1];
  if (target) {
    if (explicitPolicy > 0) explicitPolicy--;
    const pc = target.policyConstraints();
    if (pc === null && target.extension('2.5.29.36')?.critical)
      return fail(`${label(target)} has an unreadable critical policyConstraints extension`);
    if (pc && pc.requireExplicitPolicy === 0) explicitPolicy = 0;
  }
  // §6.1.5 (g): with user-initial-policy-set = {anyPolicy} the intersection is the tree.
  if (explicitPolicy > 0 || leaves !== null) return { ok: true };
  return fail(
    'an explicit certificate policy is required, and no policy is valid along the whole path (RFC 5280 §6.1.5 (g))',
  );
}
