package io.sealstream.keyservice;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named policy: allow and deny rules, and the identities it applies to. Evaluation is KES's:
 * any matching deny refuses; else any matching allow permits; else refused (deny by default).
 */
public record Policy(String name, List<PolicyRule> allow, List<PolicyRule> deny, Set<Identity> identities) {
  public Policy {
    if (name == null || !KeyName.isValid(name)) {
      throw new IllegalArgumentException("a policy name must be " + KeyName.EXPECTED);
    }
    allow = List.copyOf(Objects.requireNonNull(allow, "allow"));
    deny = List.copyOf(Objects.requireNonNull(deny, "deny"));
    identities = Set.copyOf(Objects.requireNonNull(identities, "identities"));
  }

  /** Whether this policy lets a caller request {@code path}: deny first, then allow. */
  public boolean allows(String path) {
    for (PolicyRule rule : deny) {
      if (rule.matches(path)) {
        return false;
      }
    }
    for (PolicyRule rule : allow) {
      if (rule.matches(path)) {
        return true;
      }
    }
    return false;
  }
}
