package io.sealstream.keyservice;

import io.sealstream.keyservice.Route.Call;
import io.sealstream.keyservice.Route.Reply;

/** {@code /v1/policy/show} and {@code /v1/policy/set}: the admin reads and replaces the policies. */
final class PolicyHandlers {
  private final Policies policies;

  PolicyHandlers(Policies policies) {
    this.policies = policies;
  }

  Reply show(Call call) {
    return Reply.ok(policies.current().toJson());
  }

  Reply set(Call call) {
    PolicySet next;
    try {
      next = PolicySet.fromJson(call.body());
    } catch (IllegalArgumentException e) {
      // messages name the member that is wrong, never echo values beyond identities and rules
      throw ApiError.INVALID_REQUEST.exception("invalid policies: " + e.getMessage());
    }
    policies.replace(next);
    return Reply.ok(next.toJson());
  }
}
