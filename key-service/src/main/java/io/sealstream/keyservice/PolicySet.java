package io.sealstream.keyservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who may do what: one admin identity, which may call every route (seal, unseal and policy
 * administration only it may), and named {@link Policy}s, each applying to a set of identities;
 * an identity belongs to at most one policy and never the admin's. An authenticated identity
 * with no policy may call nothing but the public routes.
 *
 * <p>The JSON form ({@code policies.json} in the key-service directory, and the body of {@code
 * /v1/policy/set}):
 *
 * <pre>{@code
 * {"admin": "<64 hex>",
 *  "policies": {"pipeline": {"allow": ["/v1/key/generate/sealstream-*", …],
 *                            "deny": [], "identities": ["<64 hex>", …]}}}
 * }</pre>
 *
 * Immutable; validated where made.
 */
public final class PolicySet {
  private final Identity admin;
  private final Map<String, Policy> policies;
  private final Map<Identity, Policy> byIdentity;

  public PolicySet(Identity admin, Collection<Policy> policies) {
    this.admin = Objects.requireNonNull(admin, "admin");
    Map<String, Policy> named = new TreeMap<>();
    Map<Identity, Policy> members = new HashMap<>();
    for (Policy p : policies) {
      if (named.put(p.name(), p) != null) {
        throw new IllegalArgumentException("policy '" + p.name() + "' is defined twice");
      }
      for (Identity id : p.identities()) {
        if (id.equals(admin)) {
          throw new IllegalArgumentException(
              "the admin identity cannot also have a policy ('" + p.name() + "')");
        }
        Policy previous = members.put(id, p);
        if (previous != null) {
          throw new IllegalArgumentException(
              "identity " + id + " is in two policies: '" + previous.name() + "' and '" + p.name() + "'");
        }
      }
    }
    this.policies = Map.copyOf(named);
    this.byIdentity = Map.copyOf(members);
  }

  /**
   * What a server configured with API keys alone gets (compatible with the first key-service):
   * the first identity is the admin, the others may call every key route.
   */
  static PolicySet adminAndAllowAll(List<Identity> identities) {
    Set<Identity> others = new LinkedHashSet<>(identities.subList(1, identities.size()));
    others.remove(identities.get(0));
    List<Policy> policies = new ArrayList<>();
    if (!others.isEmpty()) {
      policies.add(new Policy("all-keys", List.of(new PolicyRule("/v1/key/*")), List.of(), others));
    }
    return new PolicySet(identities.get(0), policies);
  }

  public Identity admin() {
    return admin;
  }

  public Map<String, Policy> policies() {
    return policies;
  }

  public boolean isAdmin(Identity identity) {
    return admin.equals(identity);
  }

  /** Whether {@code identity} may call {@code path} (a non-admin route). */
  public boolean allows(Identity identity, String path) {
    if (isAdmin(identity)) {
      return true;
    }
    Policy policy = byIdentity.get(identity);
    return policy != null && policy.allows(path);
  }

  // ---- JSON ----

  /** The JSON form; throws {@link IllegalArgumentException} with what is wrong. */
  public static PolicySet fromJson(byte[] json) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("policies are not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("policies must be a JSON object");
    }
    requireOnly(root, Set.of("admin", "policies"), "policies");
    Identity admin = identity(root.get("admin"), "\"admin\"");
    List<Policy> policies = new ArrayList<>();
    JsonNode named = root.path("policies");
    if (!named.isMissingNode() && !named.isObject()) {
      throw new IllegalArgumentException("\"policies\" must be an object of named policies");
    }
    Iterator<Map.Entry<String, JsonNode>> entries = named.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> e = entries.next();
      JsonNode p = e.getValue();
      if (!p.isObject()) {
        throw new IllegalArgumentException("policy '" + e.getKey() + "' must be an object");
      }
      requireOnly(p, Set.of("allow", "deny", "identities"), "policy '" + e.getKey() + "'");
      Set<Identity> ids = new LinkedHashSet<>();
      for (String hex : strings(p.get("identities"), "identities")) {
        ids.add(identity(new com.fasterxml.jackson.databind.node.TextNode(hex), "an identity"));
      }
      policies.add(
          new Policy(
              e.getKey(),
              strings(p.get("allow"), "allow").stream().map(PolicyRule::new).toList(),
              strings(p.get("deny"), "deny").stream().map(PolicyRule::new).toList(),
              ids));
    }
    return new PolicySet(admin, policies);
  }

  public byte[] toJson() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("admin", admin.hex());
    ObjectNode named = root.putObject("policies");
    for (Policy p : policies.values()) {
      ObjectNode node = named.putObject(p.name());
      ArrayNode allow = node.putArray("allow");
      p.allow().forEach(r -> allow.add(r.pattern()));
      ArrayNode deny = node.putArray("deny");
      p.deny().forEach(r -> deny.add(r.pattern()));
      ArrayNode ids = node.putArray("identities");
      p.identities().stream().map(Identity::hex).sorted().forEach(ids::add);
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise policies", e);
    }
  }

  private static void requireOnly(JsonNode node, Set<String> allowed, String what) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!allowed.contains(n)) {
        throw new IllegalArgumentException(what + " has an unknown member; allowed: " + allowed);
      }
    }
  }

  private static Identity identity(JsonNode node, String what) {
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException(what + " must be an identity (64 lower-case hex)");
    }
    return new Identity(node.textValue());
  }

  private static List<String> strings(JsonNode node, String what) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException("\"" + what + "\" must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isTextual()) {
        throw new IllegalArgumentException("\"" + what + "\" must be an array of strings");
      }
      out.add(n.textValue());
    }
    return out;
  }

  @Override
  public String toString() {
    return "PolicySet[admin=" + admin + ", policies=" + policies.keySet() + "]";
  }
}
