package sovereign.skills;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import sovereign.api.policy.Policy;

/**
 * What the host functions of every run share.
 *
 * @param policy decides every host call
 * @param files the skills' sandboxes and key/value stores
 * @param http outbound HTTP through the egress policy
 * @param balance the node wallet's available IPPC, micro-units
 * @param log receives {@code (subject, line)} for each {@code env.log} call
 * @param logLinesPerRun how many lines a run may log; later ones are counted and dropped
 */
record HostServices(
    Policy policy,
    SandboxFiles files,
    HttpEgress http,
    LongSupplier balance,
    BiConsumer<String, String> log,
    int logLinesPerRun) {
  HostServices {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(log, "log");
  }
}
